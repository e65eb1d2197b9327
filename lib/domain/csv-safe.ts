/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with = + - @, a tab or
 * a carriage return may be run as a formula when the file is opened in Excel, LibreOffice or WPS
 * (=HYPERLINK(...) exfiltrates, DDE runs commands). A leading apostrophe makes it plain text; the
 * apostrophe is not shown by spreadsheet programs. Applied to every text cell of every export.
 */
const TRIGGER = /^[=+\-@\t\r]/;

export function neutralizeCell(value: string): string {
  return TRIGGER.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value == null) return '';
  const s = typeof value === 'number' ? String(value) : neutralizeCell(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
