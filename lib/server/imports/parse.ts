import 'server-only';
import iconv from 'iconv-lite';
import { AppError } from '../errors';
import { MAX_IMPORT_BYTES, openByteSource, type SourceInput } from './byte-source';
import { csvRecords, detectDelimiter, ICONV_NAME, sniff, type CsvEncoding, type FileFormat, type RawRecord } from './csv';
import { xlsxRecords } from './xlsx';

/**
 * A file as rows, one at a time: a 50,000-row export is never held in memory. CSV or XLSX is told
 * by the bytes, not the file name; a CSV's encoding by its BOM, else UTF-8 if the first chunk is
 * valid UTF-8, else GB18030 — Excel on Chinese Windows saves "CSV" in the ANSI code page (GBK),
 * and GB18030 is its superset. The SHA-256 of the whole file is computed from the same bytes.
 */
export { MAX_IMPORT_BYTES, type SourceInput } from './byte-source';
export { detectDelimiter, sniff, type CsvEncoding, type FileFormat, type Sniffed } from './csv';
export { cellText } from './xlsx';

export interface SourceRow {
  /** As a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  rowNumber: number;
  values: Record<string, string>;
  /** Headers whose cell was a number too long for Excel to keep exactly (an ID number typed as a number). */
  lossy?: string[];
  /** A problem with the whole row (an i18n key), e.g. fewer cells than headers. */
  problem?: string;
}

export interface RowSource {
  format: FileFormat;
  /** CSV only. */
  encoding: CsvEncoding | null;
  delimiter: string | null;
  headers: string[];
  rows: AsyncGenerator<SourceRow>;
  /** The whole file's hash; call after the rows are consumed (whatever the parser left unread is read for it). */
  sha256(): Promise<string>;
  bytesRead(): number;
  /** Stops reading without hashing the rest (the preview reads only the first rows). */
  close(): void;
}

/** Headers as a person would name them: blanks become "#3", repeats get " (2)". */
function headerNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    const base =
      c
        .replace(/^\uFEFF/, '')
        .replace(/\s+/g, ' ')
        .trim() || `#${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

const isBlank = (cells: string[]) => cells.every((c) => !c);

export async function openRowSource(input: SourceInput, opts: { maxBytes?: number } = {}): Promise<RowSource> {
  const t = await openByteSource(input, opts.maxBytes ?? MAX_IMPORT_BYTES);
  const kind = sniff(t.head);
  if ('unsupported' in kind) {
    t.abandon();
    throw new AppError('unsupported_media', { userMessage: kind.unsupported, message: `import file refused: ${kind.unsupported}` });
  }
  let delimiter: string | null = null;
  let records: AsyncGenerator<RawRecord>;
  if (kind.format === 'csv') {
    const text = iconv.decode(t.head.subarray(0, 8192), ICONV_NAME[kind.encoding]);
    delimiter = detectDelimiter(text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');
    records = csvRecords(t.stream, kind.encoding, delimiter);
  } else {
    records = xlsxRecords(t.stream);
  }

  let header: RawRecord | undefined;
  try {
    for (;;) {
      const r = await records.next();
      if (r.done) break;
      if (!isBlank(r.value.cells)) {
        header = r.value;
        break;
      }
    }
  } catch (e) {
    t.abandon();
    throw e;
  }
  if (!header) {
    t.abandon();
    throw new AppError('invalid_input', { userMessage: 'imports.file.noHeader', message: 'no header row' });
  }
  const headers = headerNames(header.cells);
  const csv = kind.format === 'csv';

  async function* rows(): AsyncGenerator<SourceRow> {
    for (;;) {
      const r = await records.next();
      if (r.done) return;
      const { rowNumber, cells, lossy } = r.value;
      if (isBlank(cells)) continue;
      const values: Record<string, string> = {};
      headers.forEach((h, i) => (values[h] = cells[i] ?? ''));
      // In a CSV a short row, or a value spilling into a column without a header (an unquoted
      // comma), shifts the cells: nothing in the row can be trusted. A spreadsheet has real cells.
      const problem = csv && (cells.length < headers.length || cells.slice(headers.length).some(Boolean)) ? 'imports.errors.columnCount' : undefined;
      yield {
        rowNumber,
        values,
        ...(lossy ? { lossy: lossy.filter((i) => i < headers.length).map((i) => headers[i]!) } : {}),
        ...(problem ? { problem } : {}),
      };
    }
  }

  return {
    format: kind.format,
    encoding: kind.format === 'csv' ? kind.encoding : null,
    delimiter,
    headers,
    rows: rows(),
    sha256: t.digest,
    bytesRead: t.bytesRead,
    close: t.abandon,
  };
}
