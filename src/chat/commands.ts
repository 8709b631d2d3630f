import type { Member } from '../members';
import type { Staff } from '../staff';
import type { InboundMessage } from './ports';

/** What a handler sees of one inbound message from a member. */
export interface MemberChatContext {
  member: Member;
  message: InboundMessage;
  /** Normalised text (half-width, trimmed); empty for non-text messages. */
  text: string;
  subjectKey: string;
  now: Date;
  reply(text: string): Promise<void>;
}

export interface StaffChatContext {
  staff: Staff;
  message: InboundMessage;
  text: string;
  subjectKey: string;
  now: Date;
  /** `logged`: what the message log keeps instead, when the text holds a secret (a console sign-in code). */
  reply(text: string, opts?: { logged?: string }): Promise<void>;
}

/** A chat word (投诉, 积分 …): the message is the word alone, or the word, optional space, and arguments. */
export interface MemberCommand {
  name: string;
  words: string[];
  run(ctx: MemberChatContext, args: string): Promise<void>;
}

/** Free text that plainly means something (e.g. "东西坏了" is a complaint), checked before forwarding. */
export interface MemberIntent {
  name: string;
  matches(text: string): boolean;
  run(ctx: MemberChatContext): Promise<void>;
}

/** A staff command; returns false when the text is not for it, so the next command may try. */
export interface StaffCommand {
  name: string;
  tryRun(ctx: StaffChatContext): Promise<boolean>;
}

export interface CommandMatch<C extends { words: string[] }> {
  command: C;
  args: string;
}

/**
 * Finds the command a text starts with. Longer words win (查询 before 查); a word must be followed by
 * the end, white space, or a non-letter so that "积分多少" does not run 积分 by accident unless it is
 * a Chinese word followed by arguments after a space. English aliases match case-insensitively.
 */
export function matchCommand<C extends { words: string[] }>(text: string, commands: readonly C[]): CommandMatch<C> | null {
  const t = text.trim();
  if (!t) return null;
  const candidates = commands
    .flatMap((command) => command.words.map((word) => ({ command, word })))
    .sort((a, b) => b.word.length - a.word.length);
  for (const { command, word } of candidates) {
    const isAscii = /^[\x20-\x7e]+$/.test(word);
    const head = isAscii ? t.slice(0, word.length).toLowerCase() : t.slice(0, word.length);
    if (head !== (isAscii ? word.toLowerCase() : word)) continue;
    const rest = t.slice(word.length);
    if (rest === '') return { command, args: '' };
    // "退订。" / "人工！" / "资料?": the word with closing punctuation is still the word alone.
    if (/^[\p{P}\s~～]+$/u.test(rest)) return { command, args: '' };
    if (/^\s/.test(rest)) return { command, args: rest.trim() };
    // 查询T20261122-0007 / 绑定123456: Chinese word directly followed by a code.
    if (!isAscii && /^[A-Za-z0-9#]/.test(rest)) return { command, args: rest.trim() };
  }
  return null;
}

export const CANCEL_WORDS = ['取消', '算了', '不要了', '退出', 'cancel'];

export function isCancelWord(text: string): boolean {
  return CANCEL_WORDS.includes(text.trim().toLowerCase());
}

/** A bare hello (你好, 在吗, hi …): nothing to act on beyond greeting back. */
export function isGreeting(text: string): boolean {
  return /^(你好|您好|你好呀|您好呀|在吗|在不在|在么|有人吗|哈喽|嗨|早|早上好|中午好|下午好|晚上好|hi|hello|hey|哈咯)?[\s!！。.~～?？,，]*$/i.test(text.trim());
}
