import { randomBytes } from 'node:crypto';
import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { ChatIdentity } from '../members';
import type { AnyChatContext } from '../chat/message-handler';
import type { DialogEngine } from '../chat/dialog-engine';
import type { ChatNotifier } from '../chat/ports';
import { dbKind, isUniqueViolation } from '../db/data-source';
import { Member } from '../members/member.entity';
import { MemberService } from '../members/member.service';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import { truncateChars } from '../shared/text';
import type { StaffService } from '../staff/staff.service';
import { OutboxMessage, type OutboxStatus } from './outbox-message.entity';
import { OutboxSender } from './outbox-sender.entity';
import type { Occasion } from './outbox.port';
import { isExemptFromLimits, isQuiet, nextGapMs, outranks, storeDayBounds, type DeliverySettings } from './outbox-rules';
import { storeDateKey } from '../shared/store-time';

export type DispatchStop = 'idle' | 'throttled' | 'daily_limit' | 'offline' | 'quiet' | 'stopping';

/** What one dispatcher run did: counts a test (or a person in the simulator) can check. */
export interface DispatchResult {
  sent: number;
  skipped: number;
  failed: number;
  /** Rows found interrupted mid-send and handed to the assistant to check. */
  check: number;
  /** Rows put back for later (member busy in another chat dialog, or a send error to retry). */
  deferred: number;
  /** Skip and failure reasons with their counts. */
  reasons: Record<string, number>;
  /** Due rows still queued when the run ended. */
  waiting: number;
  stoppedBy: DispatchStop;
  /** When the sending account may send next (throttle), if that is what stopped the run. */
  nextSlotAt: string | null;
}

type Verdict = { kind: 'send' } | { kind: 'skip'; reason: string } | { kind: 'defer'; until: Date; reason: string };

type Slot = { free: true; sender: OutboxSender | null } | { free: false; until: Date; dailyLimit: boolean };

/** Where a member's dialog state lives (same key as the chat pipeline uses). */
const memberSubject = (memberId: number) => `member:${memberId}`;

/** Minutes a survey waits when the member is in the middle of another chat dialog. */
const BUSY_DEFER_MS = 30 * 60_000;

/**
 * Delivers due outbox rows through chat, one at a time: throttled per sending account (minimum gap with
 * jitter, daily ceiling), never in quiet hours, never while the account is offline, with the member's
 * opt-out, the frequency cap and the occasion priority deciding what is skipped. Every row it touches
 * ends sent, skipped or failed with a reason — or `check` when a send was interrupted, because
 * repeating it blindly could greet someone twice.
 */
export class OutboxDispatcher {
  readonly instanceId = randomBytes(6).toString('hex');
  private seq = 0;
  private stopping = false;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly deps: {
      ds: DataSource;
      clock: Clock;
      log: Logger;
      notifier: ChatNotifier;
      templates: TemplateLibrary;
      staff: StaffService;
      dialogs: DialogEngine<AnyChatContext>;
      settings: DeliverySettings;
      /** The sending account whose throttle applies (one store account today). */
      account?: string;
      random?: () => number;
    },
  ) {}

  private get account(): string {
    return this.deps.account ?? 'store';
  }

  private get repo() {
    return this.deps.ds.getRepository(OutboxMessage);
  }

  /** Ends pacing at once (shutdown): the current send finishes, nothing new starts. */
  stop(): void {
    this.stopping = true;
    for (const wake of this.sleepers) wake();
  }

  /**
   * One dispatcher run. It sends what the throttle allows and, while the clock really moves, keeps
   * pacing the rest for up to OUTBOX_RUN_SECONDS. On a frozen clock (tests, a frozen dev clock) it
   * returns as soon as the throttle says wait: move the clock and run again.
   */
  async run(): Promise<DispatchResult> {
    const started = Date.now();
    const result: DispatchResult = { sent: 0, skipped: 0, failed: 0, check: 0, deferred: 0, reasons: {}, waiting: 0, stoppedBy: 'idle', nextSlotAt: null };
    result.check += await this.recoverInterrupted();
    for (;;) {
      const stop = await this.pass(result);
      result.stoppedBy = stop.by;
      result.nextSlotAt = stop.until ? stop.until.toISOString() : null;
      if (stop.by !== 'throttled' || !stop.until || this.stopping) break;
      const waitMs = stop.until.getTime() - this.deps.clock.now().getTime();
      if (Date.now() - started + waitMs > this.deps.settings.runBudgetMs) break;
      if (!(await this.clockMoves())) break;
      await this.sleep(Math.max(0, stop.until.getTime() - this.deps.clock.now().getTime()));
    }
    if (this.stopping) result.stoppedBy = 'stopping';
    result.waiting = await this.countDue(this.deps.clock.now());
    return result;
  }

  private countDue(now: Date): Promise<number> {
    return this.repo.createQueryBuilder('o').where('o.status = :s', { s: 'queued' }).andWhere('o.dueAt <= :now', { now }).getCount();
  }

  private async pass(result: DispatchResult): Promise<{ by: DispatchStop; until?: Date }> {
    const { clock, notifier, settings } = this.deps;
    for (;;) {
      if (this.stopping) return { by: 'stopping' };
      const now = clock.now();
      if (isQuiet(now, settings)) return { by: 'quiet' };
      if (!notifier.isOnline()) return { by: 'offline' };
      const slot = await this.peekSlot(now);
      if (!slot.free) {
        // Nothing left to send: say so rather than "wait for the next slot".
        if (!(await this.countDue(now))) return { by: 'idle' };
        return { by: slot.dailyLimit ? 'daily_limit' : 'throttled', until: slot.until };
      }
      const row = await this.claimOne(now);
      if (!row) return { by: 'idle' };
      const verdict = await this.judge(row, now);
      if (verdict.kind === 'skip') {
        await this.finish(row, 'skipped', { reason: verdict.reason });
        count(result, 'skipped', verdict.reason);
        continue;
      }
      if (verdict.kind === 'defer') {
        await this.finish(row, 'queued', { dueAt: verdict.until, reason: verdict.reason, claimedBy: null, claimedAt: null });
        result.deferred += 1;
        continue;
      }
      if (!(await this.takeSlot(now, slot.sender))) {
        // Another dispatcher took this slot a moment ago: put the row back and look again.
        await this.finish(row, 'queued', { claimedBy: null, claimedAt: null });
        continue;
      }
      const outcome = await this.deliver(row, now, result);
      if (outcome === 'offline') return { by: 'offline' };
    }
  }

  /** Rows a crash left in `sending`: nobody knows whether the member got them, so an assistant checks. */
  async recoverInterrupted(): Promise<number> {
    const now = this.deps.clock.now();
    const stale = await this.repo
      .createQueryBuilder('o')
      .where('o.status = :s', { s: 'sending' })
      .andWhere('o.claimedAt <= :before', { before: new Date(now.getTime() - this.deps.settings.staleMs) })
      .orderBy('o.id', 'ASC')
      .limit(200)
      .getMany();
    let n = 0;
    for (const row of stale) {
      const moved = await this.transition(row.id, ['sending'], { status: 'check', reason: 'interrupted_mid_send', updatedAt: now }, row.claimedBy);
      if (!moved) continue;
      n += 1;
      this.deps.log.warn({ outboxId: row.id, occasion: row.occasion }, 'outbox: send interrupted; assistant asked to check');
      await this.tellStaffToCheck(row);
    }
    return n;
  }

  private async tellStaffToCheck(row: OutboxMessage): Promise<void> {
    const { templates, staff, notifier } = this.deps;
    const member = await this.deps.ds.getRepository(Member).findOneBy({ id: row.memberId });
    const text = templates.render('outbox.check_notice', {
      id: row.id,
      member: member ? MemberService.displayName(member) : `#${row.memberId}`,
      code: member?.code ?? '',
      occasion: occasionLabel(templates, row),
      text: truncateChars(row.text, 60),
    });
    const to = row.assistantId ? [row.assistantId] : (await staff.managers()).map((m) => m.id);
    let told = false;
    for (const id of to) told = (await notifier.toStaff(id, text)) || told;
    if (!told) {
      for (const m of await staff.managers()) if (!to.includes(m.id)) await notifier.toStaff(m.id, text);
    }
  }

  // --- throttle ------------------------------------------------------------------------------

  private async peekSlot(now: Date): Promise<Slot> {
    const sender = await this.deps.ds.getRepository(OutboxSender).findOneBy({ account: this.account });
    if (!sender) return { free: true, sender: null };
    const today = storeDateKey(now, this.deps.settings.timezone);
    if (sender.day === today && sender.sentToday >= this.deps.settings.dailyLimit) {
      return { free: false, until: storeDayBounds(now, this.deps.settings.timezone).end, dailyLimit: true };
    }
    if (sender.nextAt.getTime() > now.getTime()) return { free: false, until: sender.nextAt, dailyLimit: false };
    return { free: true, sender };
  }

  /** Takes the account's next slot; false when another dispatcher changed the state since it was read. */
  private async takeSlot(now: Date, seen: OutboxSender | null): Promise<boolean> {
    const repo = this.deps.ds.getRepository(OutboxSender);
    const today = storeDateKey(now, this.deps.settings.timezone);
    const nextAt = new Date(now.getTime() + nextGapMs(this.deps.settings.gapMinMs, this.deps.settings.gapMaxMs, this.deps.random));
    if (!seen) {
      try {
        await repo.insert({ account: this.account, nextAt, day: today, sentToday: 1, version: 1, updatedAt: now });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    }
    const sentToday = seen.day === today ? seen.sentToday + 1 : 1;
    const r = await repo
      .createQueryBuilder()
      .update(OutboxSender)
      .set({ nextAt, day: today, sentToday, version: seen.version + 1, updatedAt: now })
      .where('account = :account AND version = :version', { account: this.account, version: seen.version })
      .execute();
    return (r.affected ?? 0) > 0;
  }

  // --- claiming ------------------------------------------------------------------------------

  private nextClaimToken(): string {
    this.seq += 1;
    return `${this.instanceId}:${this.seq}`;
  }

  /**
   * Claims the most personal due row. MySQL: `FOR UPDATE SKIP LOCKED` in a transaction, so parallel
   * dispatchers take different rows without waiting; SQLite (one writer): a conditional UPDATE.
   */
  private async claimOne(now: Date): Promise<OutboxMessage | null> {
    const token = this.nextClaimToken();
    const due = (qb: SelectQueryBuilder<OutboxMessage>) =>
      qb
        .where('o.status = :queued', { queued: 'queued' })
        .andWhere('o.dueAt <= :now', { now })
        .orderBy('o.priority', 'ASC')
        .addOrderBy('o.dueAt', 'ASC')
        .addOrderBy('o.id', 'ASC');
    if (dbKind(this.deps.ds) === 'mysql') {
      return this.deps.ds.transaction(async (em) => {
        const row = await due(em.getRepository(OutboxMessage).createQueryBuilder('o')).limit(1).setLock('pessimistic_write').setOnLocked('skip_locked').getOne();
        if (!row) return null;
        await em.getRepository(OutboxMessage).update({ id: row.id }, { status: 'sending', claimedBy: token, claimedAt: now, updatedAt: now });
        return Object.assign(row, { status: 'sending' as const, claimedBy: token, claimedAt: now });
      });
    }
    const candidates = await due(this.repo.createQueryBuilder('o')).select(['o.id']).limit(5).getMany();
    for (const c of candidates) {
      if (await this.transition(c.id, ['queued'], { status: 'sending', claimedBy: token, claimedAt: now, updatedAt: now })) {
        return this.repo.findOneByOrFail({ id: c.id });
      }
    }
    return null;
  }

  /** Conditional status change: only from the given statuses (and, if given, only the claimant's row). */
  private async transition(id: number, from: OutboxStatus[], set: Partial<OutboxMessage>, claimedBy?: string | null): Promise<boolean> {
    const qb = this.repo
      .createQueryBuilder()
      .update(OutboxMessage)
      .set(set)
      .where('id = :id', { id })
      .andWhere('status IN (:...from)', { from });
    if (claimedBy) qb.andWhere('claimedBy = :claimedBy', { claimedBy });
    const r = await qb.execute();
    return (r.affected ?? 0) > 0;
  }

  private async finish(row: OutboxMessage, status: OutboxStatus, set: Partial<OutboxMessage>): Promise<boolean> {
    return this.transition(row.id, ['sending'], { status, ...set, updatedAt: this.deps.clock.now() }, row.claimedBy);
  }

  // --- the rules -----------------------------------------------------------------------------

  /** Opt-out, expiry, a busy member, collisions and the frequency cap, for one claimed row. */
  private async judge(row: OutboxMessage, now: Date): Promise<Verdict> {
    const { ds, settings } = this.deps;
    const member = await ds.getRepository(Member).findOneBy({ id: row.memberId });
    if (!member || member.erasedAt) return { kind: 'skip', reason: 'member_gone' };
    const exempt = isExemptFromLimits(row.occasion);
    if (member.optedOut && !exempt) return { kind: 'skip', reason: 'opted_out' };
    if (now.getTime() - row.dueAt.getTime() > settings.expireMs) return { kind: 'skip', reason: 'expired' };

    if (!exempt) {
      const day = storeDayBounds(now, settings.timezone);
      const others = await this.repo
        .createQueryBuilder('o')
        .select(['o.id', 'o.occasion', 'o.priority', 'o.status', 'o.dueAt', 'o.sentAt', 'o.claimedAt'])
        .where('o.memberId = :m', { m: row.memberId })
        .andWhere('o.id <> :id', { id: row.id })
        .andWhere(
          new Brackets((w) => {
            w.where('o.status IN (:...live) AND o.dueAt < :dayEnd AND o.dueAt > :staleBefore', {
              live: ['draft', 'queued', 'sending'],
              dayEnd: day.end,
              staleBefore: new Date(now.getTime() - settings.expireMs),
            })
              .orWhere('o.status = :sent AND o.sentAt > :capFrom', { sent: 'sent', capFrom: new Date(now.getTime() - settings.capWindowMs) })
              .orWhere('o.status = :check AND o.claimedAt > :capFrom', { check: 'check' });
          }),
        )
        .getMany();
      // Collision: one proactive message a day; the more personal occasion wins.
      const sentToday = others.find((o) => (o.status === 'sent' && o.sentAt! >= day.start) || (o.status === 'check' && o.claimedAt! >= day.start));
      if (sentToday) return { kind: 'skip', reason: `collision:${sentToday.occasion}` };
      const better = others.find((o) => (o.status === 'draft' || o.status === 'queued' || o.status === 'sending') && outranks(o, row));
      if (better) return { kind: 'skip', reason: `collision:${better.occasion}` };
      // Frequency cap over the rolling window (rows being checked count: the member may have got them).
      const recent = others.filter((o) => o.status === 'sent' || o.status === 'check').length;
      if (recent >= settings.memberCap) return { kind: 'skip', reason: 'frequency_cap' };
    }

    const dialog = parseMeta(row.meta).dialog;
    if (dialog) {
      const current = await this.deps.dialogs.load(memberSubject(row.memberId));
      // Any open dialog makes it wait, the same kind too: a second survey must not overwrite an
      // unanswered first one (only this row's own dialog, after a retry, is no obstacle).
      if (current.state === 'active' && current.active.data.outboxId !== row.id) {
        return { kind: 'defer', until: new Date(now.getTime() + BUSY_DEFER_MS), reason: 'member_busy' };
      }
    }
    return { kind: 'send' };
  }

  // --- sending -------------------------------------------------------------------------------

  private async deliver(row: OutboxMessage, now: Date, result: DispatchResult): Promise<'sent' | 'offline' | 'other'> {
    const { ds, notifier, log, settings } = this.deps;
    const reachable = await ds.getRepository(ChatIdentity).exists({ where: { memberId: row.memberId } });
    if (!reachable) {
      await this.finish(row, 'failed', { reason: 'no_chat_contact', attempts: row.attempts + 1 });
      count(result, 'failed', 'no_chat_contact');
      return 'other';
    }
    let delivered: boolean;
    try {
      delivered = await notifier.toMember(row.memberId, row.text);
    } catch (err) {
      // The text may or may not have left: never guess, let the assistant look.
      log.error({ err: (err as Error).message, outboxId: row.id }, 'outbox: send ended unclear');
      if (await this.finish(row, 'check', { reason: 'send_unclear' })) {
        result.check += 1;
        await this.tellStaffToCheck(row);
      }
      return 'other';
    }
    if (delivered) {
      const sentAt = this.deps.clock.now();
      await this.finish(row, 'sent', { sentAt, reason: null, attempts: row.attempts + 1 });
      result.sent += 1;
      log.info({ outboxId: row.id, occasion: row.occasion, memberId: row.memberId }, 'outbox: sent');
      await this.startDialog(row);
      return 'sent';
    }
    if (!notifier.isOnline()) {
      // Logged out between the check and the send: the row waits for the account to come back.
      await this.finish(row, 'queued', { claimedBy: null, claimedAt: null });
      return 'offline';
    }
    const attempts = row.attempts + 1;
    if (attempts >= settings.maxAttempts) {
      await this.finish(row, 'failed', { reason: 'send_error', attempts });
      count(result, 'failed', 'send_error');
    } else {
      await this.finish(row, 'queued', { reason: 'send_error', attempts, dueAt: new Date(now.getTime() + settings.retryMs), claimedBy: null, claimedAt: null });
      result.deferred += 1;
    }
    return 'other';
  }

  private async startDialog(row: OutboxMessage): Promise<void> {
    const dialog = parseMeta(row.meta).dialog;
    if (!dialog) return;
    try {
      await this.deps.dialogs.start(memberSubject(row.memberId), dialog.name, dialog.step, { ...(dialog.data ?? {}), outboxId: row.id });
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message, outboxId: row.id }, 'outbox: could not start the follow-up dialog');
    }
  }

  // --- pacing --------------------------------------------------------------------------------

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  /** Whether the service clock advances on its own (it does not when frozen by a test or the dev clock). */
  private async clockMoves(): Promise<boolean> {
    const before = this.deps.clock.now().getTime();
    await this.sleep(30);
    return this.deps.clock.now().getTime() > before;
  }
}

function count(result: DispatchResult, kind: 'skipped' | 'failed', reason: string): void {
  result[kind] += 1;
  result.reasons[reason] = (result.reasons[reason] ?? 0) + 1;
}

export interface OutboxMeta {
  dialog?: { name: string; step: string; data?: Record<string, unknown> };
  [key: string]: unknown;
}

export function parseMeta(meta: string | null): OutboxMeta {
  if (!meta) return {};
  try {
    const v = JSON.parse(meta) as unknown;
    return v && typeof v === 'object' ? (v as OutboxMeta) : {};
  } catch {
    return {};
  }
}

/** The occasion in words for staff: the planner's label (e.g. 中秋节, 立冬) when it recorded one. */
export function occasionLabel(templates: TemplateLibrary, row: { occasion: Occasion | string; meta: string | null }): string {
  const label = parseMeta(row.meta).label;
  if (typeof label === 'string' && label.trim()) return label.trim();
  const key = `outbox.occasion.${row.occasion}`;
  return templates.has(key) ? templates.render(key) : String(row.occasion);
}

