import { maskPhone } from './phone-masking';

/**
 * Personal numbers and street addresses inside free text (chat messages, forwards), masked for storing
 * and for people who do not need them. Recognises what can be told apart reliably: a mainland mobile
 * number however it is typed, and an address down to its street and house number (the province, city
 * and district before it stay readable). Order, ticket and member numbers, prices and dates are left alone.
 */

const D = '[0-9０-９]';
// One separator people put inside a number: a space (also full-width) or a dash.
const SEP = '[ \\u3000\\-－‐—]';
// +86 / 0086 / 86 before the number, with or without a separator after it.
const PREFIX = `(?:[+＋]${SEP}?[8８][6６]|[0０]{2}[8８][6６]|[8８][6６])${SEP}*`;
// Not inside a longer run of digits or letters (T20261122-0001, M000123, an order number), nor a price's decimals.
const BEFORE = '(?<![0-9０-９A-Za-zＡ-Ｚａ-ｚ+＋])(?<![0-9０-９][.．])';
const AFTER = `(?!${SEP}?[0-9０-９])(?![.．][0-9０-９])`;
const MOBILE = new RegExp(`${BEFORE}(?:${PREFIX})?([1１]${SEP}?[3-9３-９](?:${SEP}?${D}){9})${AFTER}`, 'gu');

// A street or estate name: Chinese characters, stopping at words that come before an address
// (住在, 寄到, 我家) and at region names, which stay readable.
const NAME_CHAR = '(?:(?![省市区县州旗在是住于的到送寄我家址])[\\u4e00-\\u9fa5])';
const NUM = `(?:${D}+|[一二三四五六七八九十百零〇]+)`;
const STREET = `${NAME_CHAR}{1,12}(?:路|街|大道|巷|弄|胡同)`;
const ESTATE = `${NAME_CHAR}{1,12}(?:小区|花园|公寓|大厦|新村|家园|苑)`;
// A house number, also a range (2-8号, 12之3号).
const HOUSE = `${NUM}(?:[-－之]${NUM})?`;
// Building, unit, floor, room after the house number (3栋, 2单元, 5楼, 301室, SOHO现代城A座), or a bare
// room number last; a named part needs its suffix, so the words after an address are not taken along.
const UNIT = `(?:${SEP}*(?:(?:${NAME_CHAR}|[A-Za-zＡ-Ｚ])*(?:${NUM}|[A-Za-zＡ-Ｚ])+\\s*(?:号楼|栋|幢|座|单元|楼|层|室|号|房)|${SEP}*${NUM}(?![\\u4e00-\\u9fa5])))`;
const ADDRESS = new RegExp(
  `(?:${STREET}\\s*${HOUSE}\\s*(?:号|號|弄)|${ESTATE}\\s*${HOUSE}\\s*(?:号楼|栋|幢|座|号))${UNIT}{0,4}`,
  'gu',
);

const toDigits = (s: string) => s.replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');

export const MASKED_ADDRESS = '***';

/** The text with every mobile number shown as 138****8000 and every street address as ***. */
export function maskPersonalDataInText(text: string): string;
export function maskPersonalDataInText(text: string | null): string | null;
export function maskPersonalDataInText(text: string | null): string | null {
  if (!text) return text;
  return text.replace(MOBILE, (_whole, number: string) => maskPhone(toDigits(number)) ?? '').replace(ADDRESS, MASKED_ADDRESS);
}
