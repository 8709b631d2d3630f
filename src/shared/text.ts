/** Full-width ASCII (ＡＢＣ１２３＋) to half-width, ideographic space to a plain one: what phones often type. */
export function toHalfWidth(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/**
 * Trimmed, with full-width digits, letters and the few signs commands use (＋ ＃ － ／) made
 * half-width, and runs of white space folded. Chinese punctuation (，。！) is left as typed.
 */
export function normaliseInput(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0B\uFF03\uFF0D\uFF0F]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Shortens text for a summary line, counting characters (not UTF-16 units) so emoji are not cut in half. */
export function truncateChars(input: string, max: number): string {
  const chars = Array.from(input);
  return chars.length <= max ? input : `${chars.slice(0, max - 1).join('')}…`;
}
