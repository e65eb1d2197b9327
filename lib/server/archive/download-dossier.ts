import 'server-only';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { hasRole, requireRole, reviewerDepartments, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { getStore } from '../storage';
import { loadDossier, type DossierData } from './internal/load-dossier';
import { checkCjkFont, renderDossierPdf } from './internal/pdf';
import { zipStream } from './internal/zip';

const ZDossier = z.union([z.object({ studentId: z.uuid() }), z.object({ recordId: z.uuid() })]);

export interface DossierDownload {
  fileName: string;
  contentType: string;
  stream: ReadableStream<Uint8Array>;
}

/**
 * One student's archive for the verification office (registrar) and the student's department's
 * reviewers: 学生身份信息登记表 PDF, versions.json, events.json, every stored document image and a
 * manifest with sha256. RLS decides who finds the student at all (another department's student is
 * not found); the download is audited in the transaction that read the data, before one byte leaves.
 *
 * Auditors (decision 065) download the same ZIP, read-only, with the ID number masked: they check
 * the process, they do not need the number. Their RLS read is bound to this student for this
 * transaction only. The print view belongs to the review screen: not theirs.
 */
export async function downloadDossier({
  access,
  input,
  format = 'zip',
}: {
  access: Access | null;
  input: z.input<typeof ZDossier>;
  format?: 'zip' | 'pdf';
}): Promise<DossierDownload> {
  const me = requireRole(access, 'registrar', 'reviewer', 'auditor');
  const officeRole = hasRole(me, 'registrar') || hasRole(me, 'reviewer');
  if (!officeRole && format === 'pdf') throw new AppError('forbidden', { message: 'the print view is for the verification office' });
  const parsed = ZDossier.safeParse(input);
  if (!parsed.success) throw new AppError('not_found', { message: 'malformed student id' });
  checkCjkFont();
  const data = await withRls(me.ctx, async (tx) => {
    let studentId = 'studentId' in parsed.data ? parsed.data.studentId : null;
    if ('recordId' in parsed.data) {
      const [r] = await tx.query<{ student_id: string }>('select student_id from public.identity_records where id = $1', [parsed.data.recordId]);
      studentId = r?.student_id ?? null;
    }
    // An auditor reads the rows of this one student only, in this transaction (migration 20261203050100).
    if (studentId && hasRole(me, 'auditor')) await tx.query(`select set_config('app.dossier_student', $1, true)`, [studentId]);
    const [s] = studentId ? await tx.query<{ department_id: string }>('select department_id from public.students where id = $1', [studentId]) : [];
    if (!s) throw new AppError('not_found');
    // As the office when the person holds an office role for this student, else as an auditor.
    const role = hasRole(me, 'registrar') ? 'registrar' : reviewerDepartments(me).includes(s.department_id) ? 'reviewer' : 'auditor';
    if (role === 'auditor' && !hasRole(me, 'auditor')) throw new AppError('not_found');
    const d = await loadDossier(tx, studentId!, { revealIdNumber: role !== 'auditor' });
    if (!d) throw new AppError('not_found');
    await audit(tx, me.ctx, {
      action: format === 'pdf' ? 'dossier.print' : 'dossier.download',
      entityType: 'student',
      entityId: d.student.id,
      actorRole: role,
      details: { versions: d.versions.length, documents: d.documents.length, review_events: d.reviewEvents.length, cases: d.cases.length },
    });
    return d;
  });
  const by = me.user.displayName ?? me.user.id;
  if (format === 'pdf') {
    const pdf = renderDossierPdf(data, await thumbsOf(data), { generatedBy: by, generatedAt: new Date() });
    return {
      fileName: `dossier-${data.student.studentNumber}.pdf`,
      contentType: 'application/pdf',
      stream: Readable.toWeb(pdf as unknown as Readable) as ReadableStream<Uint8Array>,
    };
  }
  return { fileName: `dossier-${data.student.studentNumber}.zip`, contentType: 'application/zip', stream: dossierZip(data, by) };
}

async function thumbsOf(d: DossierData): Promise<{ kind: string; bytes: Uint8Array }[]> {
  const store = getStore();
  const thumbs: { kind: string; bytes: Uint8Array }[] = [];
  const pinned = new Set(d.versions.flatMap((v) => v.documents.map((x) => x.documentId)));
  for (const doc of d.documents.filter((x) => pinned.has(x.id) && x.thumbKey).slice(0, 3)) {
    const b = await store.get(doc.thumbKey!);
    if (b) thumbs.push({ kind: doc.kind, bytes: b });
  }
  return thumbs;
}

function dossierZip(d: DossierData, generatedBy: string): ReadableStream<Uint8Array> {
  const store = getStore();
  return zipStream(async (zip) => {
    // One entry at a time: wait until archiver has consumed it before reading the next photo.
    const add = (source: Buffer | NodeJS.ReadableStream, name: string) =>
      new Promise<void>((resolve, reject) => {
        const done = (e: { name: string }) => {
          if (e.name === name) {
            zip.off('entry', done);
            zip.off('error', reject);
            resolve();
          }
        };
        zip.on('entry', done);
        zip.once('error', reject);
        zip.append(source as Buffer, { name });
      });
    await add(renderDossierPdf(d, await thumbsOf(d), { generatedBy, generatedAt: new Date() }), '学生身份信息登记表.pdf');
    const files: { name: string; sha256: string; bytes: number; recordedSha256?: string | null; missing?: boolean }[] = [];
    const put = async (name: string, body: Buffer) => {
      files.push({ name, sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length });
      await add(body, name);
    };
    await put('versions.json', Buffer.from(JSON.stringify({ student: d.student, record: d.record, versions: d.versions }, null, 2)));
    await put(
      'events.json',
      Buffer.from(JSON.stringify({ reviewEvents: d.reviewEvents, corrections: d.corrections, cases: d.cases, consents: d.consents }, null, 2)),
    );
    for (const doc of d.documents) {
      const name = `documents/${doc.kind}-${doc.id}.${doc.mime === 'image/png' ? 'png' : 'jpg'}`;
      const bytes = doc.objectKey ? await store.get(doc.objectKey) : null;
      if (!bytes) {
        files.push({ name, sha256: '', bytes: 0, recordedSha256: doc.sha256, missing: true });
        continue;
      }
      const body = Buffer.from(bytes);
      files.push({ name, sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length, recordedSha256: doc.sha256 });
      await add(body, name);
    }
    await add(
      Buffer.from(JSON.stringify({ studentId: d.student.id, studentNumber: d.student.studentNumber, generatedAt: new Date().toISOString(), files }, null, 2)),
      'manifest.json',
    );
  });
}
