import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, neutralizeCell } from '@/lib/domain/csv-safe';
import { ZPortalQuery, type TPortalQuery } from '@/lib/schemas/sharing';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { actingOffice, type ActingOffice } from './internal/office';
import { parseInput } from './internal/parse';
import { finalizeShared, type SharedStudent } from './internal/payload';
import { keysetShared, type SharedFilter } from './internal/query';

const PAGE = 1000;

export interface ExportColumn {
  key: string;
  header: string;
}

/** Export columns: the granted fields in fixed order (department as its code). */
export function exportColumns(office: ActingOffice, header: (field: string) => string): ExportColumn[] {
  return office.fields.map((f) => ({ key: f, header: header(f) }));
}

function cells(s: SharedStudent, cols: ExportColumn[]): (string | number | null)[] {
  return cols.map((c) => {
    const v = (s.fields as Record<string, string | number | null | undefined>)[c.key];
    return v == null ? null : v;
  });
}

/**
 * Streams an office's export (CSV or XLSX) page by page: each page is its own short transaction
 * through RLS, so a large export holds no transaction open while the client downloads. The audit
 * event (records, fields, filters) is written when the stream ends — also when the download is
 * cut off, then with `completed: false` — so the count is what actually left the server.
 */
export async function exportSharedStudents({
  access,
  input,
  format,
  header,
}: {
  access: Access | null;
  input: TPortalQuery;
  format: 'csv' | 'xlsx';
  header: (field: string) => string;
}): Promise<{ stream: ReadableStream<Uint8Array>; filename: string; contentType: string }> {
  const me = requireRole(access, 'office');
  const q = parseInput(ZPortalQuery, input);
  const office = await withRls(me.ctx, (tx) => actingOffice(tx, q.office));
  const filter: SharedFilter = { q: q.q, department: q.department, cohort: q.cohort, changedSince: q.changedSince };
  const cols = exportColumns(office, header);
  let count = 0;
  let done = false;
  async function* pages(): AsyncGenerator<SharedStudent[]> {
    let after: string | null = null;
    for (;;) {
      const rows = await withRls(me.ctx, async (tx) => {
        // Re-resolved per page: a grant narrowed or a role revoked mid-export stops it.
        const o = await actingOffice(tx, office.id);
        if (o.fields.join() !== office.fields.join()) throw new Error('grant changed during export');
        return keysetShared(tx, office.id, filter, after, PAGE);
      });
      if (!rows.length) return;
      after = rows[rows.length - 1]!.student_id;
      const out = rows.map((r) => finalizeShared(r, office.fields));
      count += out.length;
      yield out;
      if (rows.length < PAGE) return;
    }
  }
  let audited = false;
  const finish = async () => {
    if (audited) return;
    audited = true;
    await withRls(me.ctx, (tx) =>
      audit(tx, me.ctx, {
        action: 'sharing.export',
        entityType: 'office',
        entityId: office.id,
        actorRole: 'office',
        details: {
          office_id: office.id,
          office_code: office.code,
          format,
          fields: office.fields,
          count,
          completed: done,
          filters: Object.entries(filter)
            .filter(([, v]) => v != null)
            .map(([k]) => k),
        },
      }),
    );
  };
  const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const filename = `${office.code}-students-${day}.${format}`;

  if (format === 'csv') {
    const enc = new TextEncoder();
    const it = pages();
    const stream = new ReadableStream<Uint8Array>({
      async start(c) {
        // BOM: Excel opens UTF-8 CSV with Chinese names correctly only with it.
        c.enqueue(enc.encode(`\uFEFF${csvLine(cols.map((x) => x.header))}`));
      },
      async pull(c) {
        try {
          const n = await it.next();
          if (n.done) {
            done = true;
            await finish();
            c.close();
            return;
          }
          c.enqueue(enc.encode(n.value.map((s) => csvLine(cells(s, cols))).join('')));
        } catch (e) {
          await finish().catch(() => undefined);
          c.error(e);
        }
      },
      async cancel() {
        await it.return(undefined);
        await finish();
      },
    });
    return { stream, filename, contentType: 'text/csv; charset=utf-8' };
  }

  const pass = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet(office.code);
  void (async () => {
    try {
      ws.addRow(cols.map((x) => x.header)).commit();
      for await (const page of pages()) {
        // Every value is written as a string cell, neutralised like the CSV, so no cell is a formula.
        for (const s of page) ws.addRow(cells(s, cols).map((v) => (v == null ? null : neutralizeCell(String(v))))).commit();
      }
      ws.commit();
      await wb.commit();
      done = true;
      await finish();
    } catch (e) {
      await finish().catch(() => undefined);
      pass.destroy(e as Error);
    }
  })();
  return {
    stream: Readable.toWeb(pass) as unknown as ReadableStream<Uint8Array>,
    filename,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
