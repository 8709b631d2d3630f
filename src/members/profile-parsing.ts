import { toHalfWidth } from '../shared/text';
import { parseBirthdayText, type Birthday } from './birthday';

// Existing importers (member service, member chat) still find these here.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A mainland mobile number from what people type: spaces, dashes, +86 / 0086 prefixes, full-width digits.
 * The reason for a failure is a template key so chat can answer kindly.
 */
export function parsePhone(input: string): ParseResult<string> {
  // Separators Chinese keyboards produce: spaces, - － — – ‐ ‑ − ﹣ ―, brackets, dots.
  let compact = toHalfWidth(input).replace(/[\s\-()（）.\u2010-\u2015\u2212\ufe58\ufe63\u30fc]/g, '');
  // "我的手机是13812345678" / "手机：138 1234 5678，谢谢": words around one run of digits are fine.
  const around = /^[^\d+]*?(\+?\d+)[^\d]*$/u.exec(compact);
  if (around && /[^\d+]/.test(compact)) compact = around[1];
  const withoutPrefix = compact.replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  if (!/^\d+$/.test(withoutPrefix)) return { ok: false, reason: 'phone.not_digits' };
  // A landline with its area code (010-…, 0755-…) is no mobile, whatever its length.
  if (withoutPrefix.startsWith('0') && withoutPrefix.length >= 10) return { ok: false, reason: 'phone.not_mobile' };
  if (withoutPrefix.length < 11) return { ok: false, reason: 'phone.too_short' };
  if (withoutPrefix.length > 11) return { ok: false, reason: 'phone.too_long' };
  if (!/^1[3-9]\d{9}$/.test(withoutPrefix)) return { ok: false, reason: 'phone.not_mobile' };
  return { ok: true, value: withoutPrefix };
}

/** Birthdays as members type them, solar or lunar: see `birthday/birthday-parsing.ts`. */
export function parseBirthday(input: string, today: { year: number }): ParseResult<Birthday> {
  return parseBirthdayText(input, today);
}

// The middle dot of minority and foreign names (阿依·古丽, 安娜·李) as keyboards produce it:
// · • ‧ ・ ･ ∙ ⋅ ● and the full-width or plain full stop between two letters.
const MIDDLE_DOTS = /\s*[\u00b7\u2022\u2027\u30fb\uff65\u2219\u22c5\u0387\u25cf\u318d]\s*/gu;
const DOT_BETWEEN_LETTERS = /(?<=\p{L})\s*[.\uff0e\u3002]\s*(?=\p{L})/gu;
// "我叫王芳", "我是李四", "叫我小王就行", "名字：Anna": the name is what follows.
const NAME_SENTENCE = /^(?:(?:你好|您好|hi|hello)[,，!！~\s]*)?(?:我的名字(?:是|叫)|我叫|我是|叫我|名字(?:是|叫)?[:：]|姓名[:：]?|称呼(?:我)?[:：]?|本人)\s*(.+?)(?:就行了?|就好了?|就可以了?)?$/iu;

/**
 * A name as a member would type it: 1–20 characters of letters (any script), middle dots and spaces, no
 * digits; a sentence around it (我叫…) and trailing punctuation are dropped, every middle dot becomes ·.
 */
export function parseName(input: string): ParseResult<string> {
  // Emoji decorate WeChat nicknames ("Anna·李🌸"); the name to greet someone by is the words.
  let text = toHalfWidth(input)
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '' && input.trim() !== '') return { ok: false, reason: 'name.only_emoji' };
  text = text.replace(/^[\s,，。.!！~～…、]+|[\s,，。.!！~～…、]+$/gu, '');
  const sentence = NAME_SENTENCE.exec(text);
  if (sentence) {
    text = sentence[1].replace(/(?:啊|呀|哦|哈|吧|呢|嘛)+$/u, '').replace(/[\s,，。.!！~～…、]+$/u, '');
    // "我是张三的妈妈", "我是来投诉的": not a name; ask again rather than store the sentence.
    if (/的|[,，。!！?？]/u.test(text) || text === '') return { ok: false, reason: 'name.sentence' };
  }
  text = text.replace(MIDDLE_DOTS, '·').replace(DOT_BETWEEN_LETTERS, '·').replace(/^·+|·+$/g, '');
  const chars = Array.from(text);
  if (chars.length === 0) return { ok: false, reason: 'name.empty' };
  if (chars.length > 20) return { ok: false, reason: 'name.too_long' };
  if (!/^[\p{L}\p{M}·\- ']+$/u.test(text)) return { ok: false, reason: 'name.bad_chars' };
  return { ok: true, value: text };
}
