import { COMPLAINT_CATEGORIES, type ComplaintCategory } from './complaint.entity';
import type { CompensationLevel } from './complaint-compensation.entity';
import { toHalfWidth } from '../shared/text';

/** Pure rules of the complaints module: what members and staff type, and the report arithmetic. */

export const TICKET_PATTERN = /^T\d{8}-\d{4}$/;

/** T<YYYYMMDD>-<4 digits>; the day is the store-local date of filing. */
export function ticketNoFor(storeDayKey: string, n: number): string {
  return `T${storeDayKey.replace(/-/g, '')}-${String(n).padStart(4, '0')}`;
}

/** Finds a ticket number in what a member typed after 查询 (t20261122-7 is read as T20261122-0007). */
export function parseTicketNo(text: string): string | null {
  const m = /T\s*(\d{8})\s*-\s*(\d{1,4})\b/i.exec(text);
  return m ? `T${m[1]}-${m[2].padStart(4, '0')}` : null;
}

/** Numbered choices shown to the member, in this order. */
export const CATEGORY_ORDER: readonly ComplaintCategory[] = COMPLAINT_CATEGORIES;

const CATEGORY_WORDS: [ComplaintCategory, RegExp][] = [
  ['quality', /质量|坏|破|瑕疵|起球|掉色|开线|假货/],
  ['service', /服务|态度|店员|导购|不理人/],
  ['price', /价格|价钱|贵|差价|降价|多收/],
  ['delivery', /配送|送货|快递|物流|发货|没收到/],
  ['environment', /环境|卫生|排队|停车|店里/],
  ['after_sales', /售后|退货|退款|换货|维修|保修/],
  ['other', /其他|其它|别的/],
];

/** A category from a digit (1–7) or a word the member used. */
export function parseCategory(text: string): ComplaintCategory | null {
  const t = text.trim();
  const digit = /^([1-7])(?:\s*[.、．]?\s*\S*)?$/.exec(t);
  if (digit) return CATEGORY_ORDER[Number(digit[1]) - 1];
  for (const [category, re] of CATEGORY_WORDS) if (re.test(t)) return category;
  return null;
}

// "That's all", as members type it: 好了, 完成, 没了, 就这些, 说完了, ok … with 了/啦/吧 and punctuation.
const DONE_PHRASE =
  /^(?:好|好了|好啦|好的|行了|可以了|完成|完成了|完成啦|完了|完啦|完毕|结束|结束了|(?:我)?(?:说|讲|写|发|打)完了|(?:我)?(?:说|讲|写|发|打)完啦|没了|没啦|没有了|没有啦|没别的了|没有别的了|就这些|就这些了|就这些吧|就这样|就这样吧|就这么多|就这么多了|ok|okay|ok了|ok啦|done|over|👌)$/u;
// Said around the done word without adding to the complaint: "好了，谢谢", "嗯，就这些".
const FILLER = /^(?:嗯|嗯嗯|恩|哦|噢|谢谢|谢谢你|谢谢了|谢了|麻烦了|麻烦你们了|辛苦了)$/u;

/** "That's all" while describing or sending photos: every clause a done word or a polite filler. */
export function isDoneWord(text: string): boolean {
  const clauses = toHalfWidth(text)
    .toLowerCase()
    .split(/[\s,，、;；。.!！~～…]+/u)
    .filter(Boolean);
  return clauses.some((c) => DONE_PHRASE.test(c)) && clauses.every((c) => DONE_PHRASE.test(c) || FILLER.test(c));
}

/** "None" for an optional step (order number, photos). */
export function isNoneWord(text: string): boolean {
  return /^(没有|无|没|不用|跳过|不知道|忘了|记不清了?|找不到了?|没有单号|没有小票|没有照片|没拍|0|no|none|skip)[。！!.]*$/i.test(text.trim());
}

/** An order or receipt number: letters, digits and - _ / , 4 to 40 characters. */
export function parseOrderNo(text: string): string | null {
  const t = text.trim().replace(/^(订单号|单号|小票号|小票|订单)[:：\s]*/, '');
  return /^[A-Za-z0-9][A-Za-z0-9\-_/]{3,39}$/.test(t) ? t : null;
}

const NEGATED = /(没|不|别|未|无)(有)?(坏|破|差|问题)/;
const COMPLAINT_SIGNS = [
  /坏了|破了|裂了|碎了|漏了|断了|烂了|发霉|过期/,
  /质量(太|真|很|好|也太|有)?(差|烂|问题)/,
  /(服务|态度)(太|真|很|好|也太|非常|特别)?(差|恶劣|不好|冷淡)/,
  /太差了|差劲|垃圾|坑人|骗人|欺骗|假货|上当/,
  /要投诉|想投诉|我投诉|投诉你们|投诉一下/,
  /不满意|很失望|太失望|非常失望|气死/,
  /发错|少发|漏发|没收到货|还没到货|送货太慢|迟迟不发/,
  /掉色|起球|开线|脱线|褪色|缩水/,
];

/** A message that plainly is a complaint ("东西坏了", "服务太差"); the bot still asks before opening a ticket. */
export function looksLikeComplaint(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 500) return false;
  if (NEGATED.test(t) && !/投诉|不满意|失望/.test(t)) return false;
  return COMPLAINT_SIGNS.some((re) => re.test(t));
}

/** A satisfaction answer: 1 / 满意 → true, 2 / 不满意 → false, anything else → null. */
export function parseSatisfied(text: string): boolean | null {
  const t = text.trim();
  if (/^(2|不满意|还不满意|不太满意|没解决|还没解决|没有解决|不行|不好|no)[。！!.]*$/i.test(t)) return false;
  if (/^(1|满意|很满意|非常满意|挺满意|满意了|可以|好的|好|行|谢谢|解决了|yes|ok)[。！!.～~]*$/i.test(t)) return true;
  return null;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

/** A survey score 1–5 ("4", "4分", "五分"). */
export function parseScore(text: string): number | null {
  const m = /^([1-5一二两三四五])\s*(分|星)?[。！!.]*$/.exec(text.trim());
  if (!m) return null;
  return CN_DIGITS[m[1]] ?? Number(m[1]);
}

// ---- staff commands: #T20261122-0007 <verb> <arguments> -------------------------------------------

export type TicketAction =
  | { verb: 'show' }
  | { verb: 'ack' }
  | { verb: 'reply'; text: string }
  | { verb: 'resolve'; text: string }
  | { verb: 'compensate'; text: string }
  | { verb: 'assign'; to: string }
  | { verb: 'cause'; cause: string }
  | { verb: 'approve'; note: string }
  | { verb: 'reject'; reason: string };

export type TicketCommandParse =
  | { ok: true; ticketNo: string; action: TicketAction }
  | { ok: false; ticketNo: string | null; reason: 'unknown_verb' | 'missing_text' | 'bad_ticket'; verb?: string };

const VERBS: [RegExp, TicketAction['verb']][] = [
  [/^(回复|答复|reply)/i, 'reply'],
  [/^(处理中|受理|收到|已受理|ack)/i, 'ack'],
  [/^(解决|已解决|处理完|resolve)/i, 'resolve'],
  [/^(补偿|赔偿|compensate)/i, 'compensate'],
  [/^(转给|转交|转|assign)/i, 'assign'],
  [/^(原因|根因|cause)/i, 'cause'],
  [/^(批准|同意|approve)/i, 'approve'],
  [/^(驳回|不批准|不同意|reject)/i, 'reject'],
  [/^(查看|详情|show)/i, 'show'],
];

/**
 * `#T20261122-0007 回复 内容` and friends. Returns null when the text is not a ticket command at all
 * (so other staff commands may try it).
 */
export function parseTicketCommand(text: string): TicketCommandParse | null {
  const t = text.trim();
  if (!/^#\s*T/i.test(t)) return null;
  const m = /^#\s*(T\d{8}-\d{4})(?=\s|$|[^\w-])\s*([\s\S]*)$/i.exec(t);
  if (!m) {
    // #T… that is not a well-formed ticket number: still ours, answer with the right shape.
    if (/^#\s*T\d/i.test(t)) return { ok: false, ticketNo: null, reason: 'bad_ticket' };
    return null;
  }
  const ticketNo = m[1].toUpperCase();
  const rest = m[2].trim();
  if (!rest) return { ok: true, ticketNo, action: { verb: 'show' } };
  for (const [re, verb] of VERBS) {
    const vm = re.exec(rest);
    if (!vm) continue;
    const arg = rest.slice(vm[0].length).replace(/^[\s:：,，]+/, '').trim();
    switch (verb) {
      case 'show':
        return { ok: true, ticketNo, action: { verb } };
      case 'ack':
        return { ok: true, ticketNo, action: { verb } };
      case 'reply':
      case 'resolve':
      case 'compensate':
        return arg ? { ok: true, ticketNo, action: { verb, text: arg } } : { ok: false, ticketNo, reason: 'missing_text', verb };
      case 'assign':
        return arg ? { ok: true, ticketNo, action: { verb, to: arg } } : { ok: false, ticketNo, reason: 'missing_text', verb };
      case 'cause':
        return arg ? { ok: true, ticketNo, action: { verb, cause: arg } } : { ok: false, ticketNo, reason: 'missing_text', verb };
      case 'approve':
        return { ok: true, ticketNo, action: { verb, note: arg } };
      case 'reject':
        return arg ? { ok: true, ticketNo, action: { verb, reason: arg } } : { ok: false, ticketNo, reason: 'missing_text', verb };
    }
  }
  return { ok: false, ticketNo, reason: 'unknown_verb' };
}

// ---- compensation -----------------------------------------------------------------------------------

export interface CompensationRequest {
  exchange: boolean;
  couponFen: number;
  refundFen: number;
  extraFen: number;
  note: string | null;
}

const AMOUNT = String.raw`(\d{1,6}(?:\.\d{1,2})?)`;
const toFen = (s: string) => Math.round(Number(s) * 100);

/**
 * What staff write after 补偿: `5元券`, `换货 +10元券 鞋底开胶`, `退款 299元 +20元 面料过敏`.
 * The amount is required for coupons and refunds; whatever is left is the note.
 */
export function parseCompensation(text: string): { ok: true; value: CompensationRequest } | { ok: false; reason: 'missing_amount' | 'unrecognised' } {
  let rest = ` ${text.trim()} `;
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    return m;
  };
  const exchange = Boolean(take(/换货|换新|换一件|调换/));
  const refundWord = /退款|退钱|退货退款|全额退/.test(rest);
  const refund = take(new RegExp(String.raw`(?:退货退款|全额退款|退款|退钱)\s*[:：]?\s*${AMOUNT}\s*(?:元|块)?`));
  const coupon =
    take(new RegExp(String.raw`${AMOUNT}\s*(?:元|块)\s*(?:优惠券|代金券|券)`)) ??
    take(new RegExp(String.raw`(?:优惠券|代金券|券)\s*${AMOUNT}\s*(?:元|块)?`));
  let extra: RegExpExecArray | null = null;
  let plainCoupon: RegExpExecArray | null = null;
  if (refund) extra = take(new RegExp(String.raw`(?:\+|＋|加|另|另外|额外)?\s*(?:补偿|赔偿|赔)?\s*${AMOUNT}\s*(?:元|块)`));
  else if (!coupon) plainCoupon = take(new RegExp(String.raw`^\s*${AMOUNT}\s*(?:元|块)(?!\S*券)`));
  const note = rest.replace(/^[\s+＋,，。;；]+|[\s+＋,，。;；]+$/g, '').replace(/^(备注|原因|说明)[:：\s]*/, '').trim();
  const value: CompensationRequest = {
    exchange,
    couponFen: coupon ? toFen(coupon[1]) : plainCoupon ? toFen(plainCoupon[1]) : 0,
    refundFen: refund ? toFen(refund[1]) : 0,
    extraFen: extra ? toFen(extra[1]) : 0,
    note: note ? Array.from(note).slice(0, 200).join('') : null,
  };
  const nothing = !exchange && !value.couponFen && !value.refundFen;
  if ((refundWord && !refund) || /券/.test(note) || nothing) {
    return { ok: false, reason: !nothing || /券|退|元|块|钱/.test(text) || !text.trim() ? 'missing_amount' : 'unrecognised' };
  }
  return { ok: true, value };
}

/** DOMAIN.md severity: minor = small coupon; medium = exchange or a coupon up to the medium limit; severe = any refund or more. */
export function classifyCompensation(c: CompensationRequest, limits: { minorMaxYuan: number; mediumMaxYuan: number }): CompensationLevel {
  if (c.refundFen > 0 || c.extraFen > 0) return 'severe';
  if (c.couponFen > limits.mediumMaxYuan * 100) return 'severe';
  if (c.exchange || c.couponFen > limits.minorMaxYuan * 100) return 'medium';
  return 'minor';
}

export function yuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

/** A short Chinese description: 换货 + 10元券, 退款299元 + 另补20元. */
export function describeCompensation(c: { exchange: boolean; couponFen: number; refundFen: number; extraFen: number }): string {
  const parts: string[] = [];
  if (c.refundFen) parts.push(`退款${yuan(c.refundFen)}元`);
  if (c.exchange) parts.push('换货');
  if (c.couponFen) parts.push(`${yuan(c.couponFen)}元优惠券`);
  if (c.extraFen) parts.push(`另补${yuan(c.extraFen)}元`);
  return parts.join(' + ');
}
