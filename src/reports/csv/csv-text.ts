/**
 * CSV as Excel opens it in Chinese: UTF-8 with a BOM, CRLF line ends, fields quoted per RFC 4180.
 * (csv-stringify is not a dependency yet; this is the few lines of it the downloads need.)
 */
export type CsvCell = string | number | null | undefined;

const BOM = '\uFEFF';

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A text that starts like a formula (=, +, -, @, tab, CR) would run as one in Excel: shown as text instead.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(header: string[], rows: CsvCell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
