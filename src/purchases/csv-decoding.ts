import iconv from 'iconv-lite';

/**
 * Turning the bytes of a POS export into text. Chinese tills and Excel write GBK / GB18030 more often
 * than UTF-8, so the encoding is found, not assumed: a BOM first, then the `charset=` of the
 * Content-Type, else strict UTF-8 with GB18030 (a superset of GBK and GB2312) as the fallback. Text that
 * decodes to garbage is refused whole, never stored garbled. Pure: no database, no templates (the
 * service renders the reasons).
 */

export type CsvDecodeProblem =
  | { code: 'workbook' }
  | { code: 'unknown_charset'; charset: string }
  | { code: 'wrong_charset'; charset: string }
  | { code: 'garbled'; encoding: string };

export type CsvDecoded = { ok: true; text: string; encoding: string } | { ok: false; problem: CsvDecodeProblem };

const GB_NAMES = new Set(['gbk', 'gb2312', 'gb18030', 'cp936', 'x-gbk', 'euc-cn', 'ms936', 'windows-936', 'csgb2312', 'gb_2312-80']);

/** The `charset` parameter of a Content-Type, lower-cased, or null. */
export function charsetOf(contentType: string | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

export function decodeCsvBytes(bytes: Uint8Array, contentType?: string): CsvDecoded {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A workbook (xlsx is a zip, xls an OLE file) sent instead of a CSV: say what to do.
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return { ok: false, problem: { code: 'workbook' } };
  }
  let encoding: string;
  let text: string;
  if (buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) {
    encoding = 'utf-8';
    const strict = strictUtf8(buf.subarray(3));
    if (strict === null) return { ok: false, problem: { code: 'garbled', encoding } };
    text = strict;
  } else if (buf.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || buf.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    // Excel's "Unicode text" is UTF-16 with a BOM.
    encoding = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = iconv.decode(buf, encoding);
  } else {
    const declared = charsetOf(contentType);
    if (declared !== null && !['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(declared)) {
      encoding = GB_NAMES.has(declared) ? 'gb18030' : declared;
      if (!iconv.encodingExists(encoding)) return { ok: false, problem: { code: 'unknown_charset', charset: declared } };
      text = iconv.decode(buf, encoding);
    } else {
      const strict = strictUtf8(buf);
      if (strict !== null) {
        encoding = 'utf-8';
        text = strict;
      } else if (declared !== null) {
        return { ok: false, problem: { code: 'wrong_charset', charset: declared } };
      } else {
        encoding = 'gb18030';
        text = iconv.decode(buf, encoding);
      }
    }
  }
  if (looksGarbled(text)) return { ok: false, problem: { code: 'garbled', encoding } };
  return { ok: true, text: text.replace(/^\ufeff/, ''), encoding };
}

function strictUtf8(buf: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return null;
  }
}

let gb2312: Set<string> | null = null;

/** The 7,445 characters of GB2312: what everyday Chinese text (names, goods, shops) is written in. */
function gb2312Chars(): Set<string> {
  if (gb2312) return gb2312;
  const set = new Set<string>();
  for (let lead = 0xa1; lead <= 0xf7; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      const ch = iconv.decode(Buffer.from([lead, trail]), 'gb2312');
      if (ch.length === 1 && ch !== '\ufffd') set.add(ch);
    }
  }
  gb2312 = set;
  return set;
}

/**
 * Runs of Western letters that are really GBK bytes read as Windows-1252 and saved again (羊毛大衣 →
 * "ÑòÃ«´óÒÂ"): read back as GBK, most of the run becomes common Chinese characters. A French "crème"
 * does not (one accented letter at a time).
 */
function westernMojibake(text: string, common: Set<string>): boolean {
  let recovered = 0;
  let hanRecovered = 0;
  for (const run of text.match(/[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}/gu) ?? []) {
    for (const ch of iconv.decode(iconv.encode(run, 'win1252'), 'gbk')) {
      recovered++;
      if (common.has(ch)) hanRecovered++;
    }
  }
  return hanRecovered >= 2 && hanRecovered >= recovered * 0.8;
}

/**
 * True when decoded text is not what a person wrote: replacement characters (bytes the encoding does
 * not know), control characters, private-use or unassigned code points, GBK read as Western letters, or
 * Chinese made mostly of rare characters — the signature of UTF-8 read as GBK (鍙傝冭…) and of bytes in
 * another encoding altogether. Real files use the common characters of GB2312 almost exclusively; a
 * rare character in a name or two is allowed.
 */
export function looksGarbled(text: string): boolean {
  if (text.includes('\ufffd')) return true;
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return true;
  if (/[\p{Co}\p{Cn}]/u.test(text)) return true;
  const common = gb2312Chars();
  if (westernMojibake(text, common)) return true;
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  let rare = 0;
  for (const ch of han) if (!common.has(ch)) rare++;
  return rare > Math.max(3, han.length * 0.2);
}
