import 'server-only';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { maskIdentifier } from '@/lib/identity/mask';
import { requireRole, type Access } from '../auth/access';
import { AppError } from '../errors';
import { FIELDS, IMPORT_KINDS, REQUIRED_FIELDS, suggestMapping, type ImportField, type ImportKind, type Mapping } from './mapping';
import { openRowSource, type RowSource } from './parse';

export const PREVIEW_ROWS = 20;

export interface ImportPreview {
  kind: ImportKind;
  format: RowSource['format'];
  encoding: RowSource['encoding'];
  delimiter: string | null;
  headers: string[];
  fields: readonly ImportField[];
  required: readonly ImportField[];
  suggested: Mapping;
  /** The first rows as the file has them, ID-number-like values masked. */
  rows: { rowNumber: number; values: Record<string, string> }[];
}

const ZPreview = z.object({ kind: z.enum(IMPORT_KINDS), limit: z.number().int().min(1).max(100).default(PREVIEW_ROWS) });

// Resident-ID-shaped (15 or 18 characters) and permanent-resident-card-shaped values, whatever
// column they sit in: the mapping shown next to the preview may still be wrong.
const ID_LIKE = /^(\d{15}|\d{17}[\dXx]|[A-Za-z]{3}\d{12})$/;

/**
 * The mapping step: the file's headers, a suggested field mapping, and its first rows. Reads only
 * those rows; nothing is written. ID numbers are masked — the registrar checks the columns, not
 * the numbers.
 */
export async function previewImport({
  access,
  input,
}: {
  access: Access | null;
  input: { kind: ImportKind; limit?: number; filePath?: string; stream?: Readable };
}): Promise<ImportPreview> {
  requireRole(access, 'registrar');
  const parsed = ZPreview.safeParse({ kind: input.kind, limit: input.limit });
  if (!parsed.success) throw new AppError('invalid_input', { userMessage: 'imports.errors.input', message: parsed.error.message });
  if (!input.filePath === !input.stream) throw new AppError('invalid_input', { message: 'exactly one of filePath and stream' });
  const { kind, limit } = parsed.data;
  const source = await openRowSource(input.filePath ? { path: input.filePath } : { stream: input.stream! });
  try {
    const suggested = suggestMapping(kind, source.headers);
    const rows: ImportPreview['rows'] = [];
    for await (const r of source.rows) {
      const values: Record<string, string> = {};
      for (const [h, v] of Object.entries(r.values)) values[h] = h === suggested.id_number || ID_LIKE.test(v) ? maskIdentifier(v) : v;
      rows.push({ rowNumber: r.rowNumber, values });
      if (rows.length >= limit) break;
    }
    return {
      kind,
      format: source.format,
      encoding: source.encoding,
      delimiter: source.delimiter,
      headers: source.headers,
      fields: FIELDS[kind],
      required: REQUIRED_FIELDS[kind],
      suggested,
      rows,
    };
  } finally {
    source.close();
  }
}
