import 'server-only';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../errors';
import type { RawRecord } from './csv';

// XLSX through exceljs's streaming reader: rows arrive as the zip entry is inflated.

function utcDate(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** An exceljs cell value as the text a person sees; `lossy` for numbers beyond Excel's 15 digits. */
export function cellText(v: unknown): { text: string; lossy: boolean } {
  if (v === null || v === undefined) return { text: '', lossy: false };
  if (typeof v === 'string') return { text: v.trim(), lossy: false };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { text: '', lossy: false };
    const lossy = Math.abs(v) >= 1e15;
    return { text: Number.isInteger(v) ? v.toFixed(0) : String(v), lossy };
  }
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE', lossy: false };
  // exceljs builds dates in UTC from the serial number, so the UTC fields are the sheet's date.
  if (v instanceof Date) return { text: Number.isNaN(v.getTime()) ? '' : utcDate(v), lossy: false };
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText))
      return {
        text: o.richText
          .map((r) => r.text)
          .join('')
          .trim(),
        lossy: false,
      };
    if ('result' in o) return cellText(o.result);
    if (typeof o.text === 'string') return { text: o.text.trim(), lossy: false };
    if (typeof o.error === 'string') return { text: o.error, lossy: false };
  }
  return { text: String(v).trim(), lossy: false };
}

export function xlsxRecords(stream: Readable): AsyncGenerator<RawRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  return (async function* () {
    let first = true;
    try {
      for await (const sheet of reader) {
        // Only the first worksheet is read; the rest of the package is still consumed (and hashed).
        if (!first) continue;
        first = false;
        for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
          const values = row.values as unknown[];
          const cells: string[] = [];
          const lossy: number[] = [];
          for (let c = 1; c < values.length; c++) {
            const { text, lossy: l } = cellText(values[c]);
            cells[c - 1] = text;
            if (l) lossy.push(c - 1);
          }
          for (let i = 0; i < cells.length; i++) cells[i] ??= '';
          yield { rowNumber: row.number, cells, ...(lossy.length ? { lossy } : {}) };
        }
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('invalid_input', { userMessage: 'imports.file.unreadable', message: `XLSX unreadable: ${(e as Error).message}`, cause: e });
    }
    if (first) throw new AppError('invalid_input', { userMessage: 'imports.file.noWorksheet', message: 'zip without worksheets' });
  })();
}
