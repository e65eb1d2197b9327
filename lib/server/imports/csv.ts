import 'server-only';
import { pipeline, type Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../errors';

export type FileFormat = 'csv' | 'xlsx';
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** One record as the file has it, before headers are applied. */
export interface RawRecord {
  rowNumber: number;
  cells: string[];
  lossy?: number[];
}

const MAX_RECORD_BYTES = 64 * 1024;

export type Sniffed =
  { format: 'xlsx' } | { format: 'csv'; encoding: CsvEncoding } | { unsupported: 'imports.file.xls' | 'imports.file.unsupported' | 'imports.file.empty' };

/** What the first bytes say the file is. */
export function sniff(head: Buffer): Sniffed {
  if (head.length === 0) return { unsupported: 'imports.file.empty' };
  // ZIP local file header: an .xlsx (Office Open XML) is a zip package.
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx' };
  // OLE compound file: legacy .xls, or an .xlsx saved with a password (also wrapped in OLE).
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return { unsupported: 'imports.file.xls' };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { format: 'csv', encoding: 'utf-8-bom' };
  if (head[0] === 0xff && head[1] === 0xfe) return { format: 'csv', encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { format: 'csv', encoding: 'utf-16be' };
  const sample = head.subarray(0, 4096);
  const zeros = (parity: number) => sample.filter((b, i) => b === 0 && i % 2 === parity).length;
  if (zeros(0) + zeros(1) > 0) {
    // UTF-16 without a BOM puts the zero byte of ASCII characters on one side only.
    const half = sample.length / 2;
    if (zeros(1) > half * 0.3 && zeros(0) === 0) return { format: 'csv', encoding: 'utf-16le' };
    if (zeros(0) > half * 0.3 && zeros(1) === 0) return { format: 'csv', encoding: 'utf-16be' };
    return { unsupported: 'imports.file.unsupported' };
  }
  try {
    // stream: true accepts a multi-byte character cut off at the end of the prefix.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { format: 'csv', encoding: 'utf-8' };
  } catch {
    return { format: 'csv', encoding: 'gb18030' };
  }
}

export const ICONV_NAME: Record<CsvEncoding, string> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  gb18030: 'gb18030',
};

/** Comma, tab (Excel's "Unicode text" is UTF-16 with tabs) or semicolon, by the header line. */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    let n = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export function csvRecords(stream: Readable, encoding: CsvEncoding, delimiter: string): AsyncGenerator<RawRecord> {
  const parser = parseCsv({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    // Empty lines are dropped below, not by the parser, so that row numbers stay those of a spreadsheet.
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  pipeline(stream, iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true }), parser, () => {
    // Errors reach the consumer through the parser's iterator.
  });
  return (async function* () {
    let n = 0;
    try {
      for await (const cells of parser as AsyncIterable<string[]>) yield { rowNumber: ++n, cells };
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('invalid_input', {
        userMessage: 'imports.file.unreadable',
        message: `CSV unreadable after row ${n}: ${(e as Error).message}`,
        cause: e,
      });
    }
  })();
}
