import { stringify } from 'csv-stringify/sync';

/**
 * CSV as Excel opens it in Chinese, written by csv-stringify: UTF-8 with a BOM, CRLF line ends, fields
 * quoted per RFC 4180 only when they need it, numbers left as numbers.
 */
export type CsvCell = string | number | null | undefined;

export function csvText(header: string[], rows: CsvCell[][]): string {
  return stringify([header, ...rows], {
    bom: true,
    record_delimiter: 'windows',
    // Setting the record delimiter turns off quoting a lone \n or \r inside a cell; a note over two lines must stay one cell.
    quote_record_delimiter: true,
    // A text starting like a formula (= + - @, tab, CR) would run as one in Excel: shown as text instead ('=…). Negative numbers stay numbers.
    escape_formulas: true,
    // A figure that is not a finite number (no answers yet) is an empty cell, not "NaN".
    cast: { number: (v) => (Number.isFinite(v) ? String(v) : '') },
  });
}
