/**
 * A first look at a till export before it is sent: decoded as the server would (UTF-8 with or without
 * BOM, else GB18030, which Chinese tills and Excel's plain "CSV" write) and cut into rows. Only for the
 * preview: the server reads the file's own bytes again and decides.
 */
export interface CsvPreview {
  encoding: 'UTF-8' | 'GB18030';
  header: string[];
  rows: string[][];
  /** Data lines in the file (without the header and empty lines). */
  lineCount: number;
}

export function decodeCsv(bytes: ArrayBuffer): { text: string; encoding: CsvPreview['encoding'] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

/** One CSV line into cells (quoted cells may hold commas and doubled quotes). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

export function previewCsv(bytes: ArrayBuffer, maxRows = 10): CsvPreview {
  const { text, encoding } = decodeCsv(bytes);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const [head = '', ...data] = lines;
  return { encoding, header: splitCsvLine(head), rows: data.slice(0, maxRows).map(splitCsvLine), lineCount: data.length };
}
