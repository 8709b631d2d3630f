import type { StaffCommand } from '../../chat';
import { normaliseInput } from '../../shared/text';

/** What an assistant can answer to the morning list of drafts. */
export type DraftCommand =
  | { kind: 'send_all' }
  | { kind: 'send'; numbers: number[] }
  | { kind: 'skip'; numbers: number[] }
  | { kind: 'edit'; number: number; text: string }
  | { kind: 'list'; page: number }
  /** The word was right but the rest was not: answer with how to write it. */
  | { kind: 'usage'; of: 'send' | 'skip' | 'edit' };

/** Most numbers one answer may name (a range like 1-500 is refused rather than expanded). */
const MAX_NUMBERS = 300;

/**
 * "1 3 5", "1,3,5", "1、3、5", "1-4", "2到5" → [1, 3, 5] …; null when it is not a list of numbers.
 */
export function parseNumberList(input: string): number[] | null {
  const t = input.trim();
  if (!/^\d/.test(t)) return null;
  const parts = t.split(/\s*[,，、;；\s]\s*/).filter(Boolean);
  const out: number[] = [];
  for (const part of parts) {
    const range = /^(\d+)\s*(?:-|~|～|—|到|至)\s*(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a < 1 || b < a || b - a >= MAX_NUMBERS) return null;
      for (let n = a; n <= b; n++) out.push(n);
      continue;
    }
    if (!/^\d+$/.test(part) || Number(part) < 1) return null;
    out.push(Number(part));
  }
  const unique = [...new Set(out)];
  return unique.length && unique.length <= MAX_NUMBERS ? unique : null;
}

/**
 * Reads an assistant's answer to the morning list: 全部发送 · 发送 1 3 5 · 跳过 2 · 修改 4 新的内容 ·
 * 草稿 (show the list again, 草稿 2 for the next page). Returns null for anything else, so other staff
 * commands may try.
 */
export function parseDraftCommand(raw: string): DraftCommand | null {
  const full = normaliseInput(raw);
  const t = full.replace(/[。！!]+$/u, '');
  if (/^(全部发送|全部发出|都发送|全发)$/.test(t) || /^send all$/i.test(t)) return { kind: 'send_all' };
  const list = /^(?:草稿|今日草稿|drafts?)(?:\s*(?:第\s*)?(\d+)\s*页?)?$/i.exec(t);
  if (list) return { kind: 'list', page: Math.max(1, Number(list[1] ?? 1)) };
  const send = /^发送\s*(.*)$/.exec(t);
  if (send) {
    const numbers = parseNumberList(send[1].replace(/^第/, '').replace(/条$/, ''));
    return numbers ? { kind: 'send', numbers } : { kind: 'usage', of: 'send' };
  }
  const skip = /^跳过\s*(.*)$/.exec(t);
  if (skip) {
    const numbers = parseNumberList(skip[1].replace(/^第/, '').replace(/条$/, ''));
    return numbers ? { kind: 'skip', numbers } : { kind: 'usage', of: 'skip' };
  }
  if (/^修改/.test(t)) {
    // The new text keeps its closing punctuation: it is what the member will read.
    const edit = /^修改\s*第?\s*(\d+)\s*条?(?:\s*[:：]\s*|\s+)([\s\S]+)$/.exec(full);
    if (!edit || Number(edit[1]) < 1 || !edit[2].trim()) return { kind: 'usage', of: 'edit' };
    return { kind: 'edit', number: Number(edit[1]), text: edit[2].trim() };
  }
  return null;
}

/** The staff chat command over the parser; the work is done by `act`. */
export function draftStaffCommand(act: (staffId: number, cmd: DraftCommand, now: Date) => Promise<string>): StaffCommand {
  return {
    name: 'care-drafts',
    async tryRun(ctx) {
      const cmd = parseDraftCommand(ctx.text);
      if (!cmd) return false;
      await ctx.reply(await act(ctx.staff.id, cmd, ctx.now));
      return true;
    },
  };
}
