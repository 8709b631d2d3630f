import type { DataSource } from 'typeorm';
import { DEFAULT_CHAT_ACCOUNT } from '../chat';
import type { AnyChatContext, ChatNotifier, DialogEngine, LeaseView, SendOutcome } from '../chat';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import type { StaffService } from '../staff';
import { CapacityLedger } from './capacity';
import { tellStaffToCheck } from './check-notice';
import { judgeRow, memberSubject } from './dispatch-verdict';
import { tellStaffHeldBack } from './held-notice';
import type { MemberOutlook } from './member-outlook';
import { OutboxClaims } from './outbox-claims';
import type { OutboxMessage } from './outbox-message.entity';
import { parseMeta } from './outbox-meta';
import { isQuiet, type DeliverySettings } from './outbox-rules';
import { SenderThrottle } from './sender-throttle';

export type DispatchStop = 'idle' | 'throttled' | 'daily_limit' | 'offline' | 'quiet' | 'stopping';

/** What one dispatcher run did: counts a test (or a person in the simulator) can check. */
export interface DispatchResult {
  sent: number;
  skipped: number;
  failed: number;
  /** Rows found interrupted mid-send and handed to the assistant to check. */
  check: number;
  /** Rows put back for later (member busy in another chat dialog, or a contact WeChat did not know yet). */
  deferred: number;
  /** Skip and failure reasons with their counts. */
  reasons: Record<string, number>;
  /** Due rows still queued when the run ended. */
  waiting: number;
  stoppedBy: DispatchStop;
  /** When the sending account may send next (throttle), if that is what stopped the run. */
  nextSlotAt: string | null;
  /** With several sending accounts: each account's own figures (the totals above add them up). */
  accounts?: Record<string, DispatchResult>;
}

export interface DispatcherDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  notifier: ChatNotifier;
  templates: TemplateLibrary;
  staff: StaffService;
  dialogs: DialogEngine<AnyChatContext>;
  settings: DeliverySettings;
  /** Occasions known ahead, open complaints and late texts (care's); see dispatch-verdict.ts. */
  outlook?: MemberOutlook;
  /**
   * The sending account: the dispatcher claims only its rows, sends through it, and applies its pacing
   * and daily ceiling (`settings.dailyLimit`). Default `store`.
   */
  account?: string;
  /** The instance's chat leases: rows are claimed only while it holds the account (fencing token). */
  lease?: LeaseView;
  random?: () => number;
}

/**
 * Delivers due outbox rows through chat, one at a time: throttled per sending account (minimum gap with
 * jitter, daily ceiling), never in quiet hours, never while the account is offline, with the member's
 * opt-out, the frequency cap and the occasion priority deciding what is skipped. Every row it touches
 * ends sent, skipped or failed with a reason — or `check` when a send was interrupted or its outcome is
 * unknown, because repeating it blindly could greet someone twice.
 */
export class OutboxDispatcher {
  private stopping = false;
  private readonly sleepers = new Set<() => void>();
  private readonly claims: OutboxClaims;
  private readonly throttle: SenderThrottle;
  private readonly capacity: CapacityLedger;

  constructor(private readonly deps: DispatcherDeps) {
    const account = deps.account ?? DEFAULT_CHAT_ACCOUNT;
    this.claims = new OutboxClaims({ ds: deps.ds, clock: deps.clock, account, lease: deps.lease });
    this.capacity = new CapacityLedger({ ds: deps.ds, settings: deps.settings });
    this.throttle = new SenderThrottle({ ds: deps.ds, settings: deps.settings, account, random: deps.random });
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
    try {
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
    } finally {
      // Ceiling slots taken in a batch (pacing off) and not used go back to the account.
      await this.throttle.release();
    }
    if (this.stopping) result.stoppedBy = 'stopping';
    // Day-bound greetings of a past day the ceiling kept back: ended `capacity`, never sent late. After
    // the sends (a claim would end them the same way, one by one); in quiet hours too, so they end at midnight.
    for (const [reason, n] of Object.entries(await this.capacity.endPastDays(this.deps.clock.now(), this.claims.account))) {
      result.skipped += n;
      result.reasons[reason] = (result.reasons[reason] ?? 0) + n;
    }
    result.waiting = await this.claims.countDue(this.deps.clock.now());
    return result;
  }

  private async pass(result: DispatchResult): Promise<{ by: DispatchStop; until?: Date }> {
    const { clock, notifier, settings } = this.deps;
    for (;;) {
      if (this.stopping) return { by: 'stopping' };
      const now = clock.now();
      if (isQuiet(now, settings)) return { by: 'quiet' };
      if (!notifier.isOnline(this.claims.account)) return { by: 'offline' };
      const slot = await this.throttle.peek(now);
      if (!slot.free) {
        // Nothing left to send: say so rather than "wait for the next slot".
        if (!(await this.claims.countDue(now))) return { by: 'idle' };
        return { by: slot.dailyLimit ? 'daily_limit' : 'throttled', until: slot.until };
      }
      const row = await this.claims.claimOne(now);
      if (!row) return { by: 'idle' };
      const verdict = await judgeRow(this.deps, row, now);
      if (verdict.kind === 'skip') {
        await this.claims.finish(row, 'skipped', { reason: verdict.reason });
        count(result, 'skipped', verdict.reason);
        await tellStaffHeldBack(this.deps, row, verdict.reason, verdict.facts);
        continue;
      }
      if (verdict.kind === 'defer') {
        await this.claims.finish(row, 'queued', { dueAt: verdict.until, reason: verdict.reason, claimedBy: null, claimedAt: null });
        result.deferred += 1;
        continue;
      }
      if (!(await this.throttle.take(now, slot.sender))) {
        // Another dispatcher took this slot a moment ago: put the row back and look again.
        await this.claims.finish(row, 'queued', { claimedBy: null, claimedAt: null });
        continue;
      }
      const outcome = await this.deliver(row, now, result);
      if (outcome === 'offline') return { by: 'offline' };
    }
  }

  /** Rows a crash left in `sending`: nobody knows whether the member got them, so an assistant checks. */
  async recoverInterrupted(): Promise<number> {
    const now = this.deps.clock.now();
    let n = 0;
    for (const row of await this.claims.staleSending(now, this.deps.settings.staleMs)) {
      const moved = await this.claims.transition(row.id, ['sending'], { status: 'check', reason: 'interrupted_mid_send', updatedAt: now }, row.claimedBy);
      if (!moved) continue;
      n += 1;
      this.deps.log.warn({ outboxId: row.id, occasion: row.occasion }, 'outbox: send interrupted; assistant asked to check');
      await tellStaffToCheck(this.deps, row);
    }
    return n;
  }

  // --- sending -------------------------------------------------------------------------------

  /**
   * Sends one claimed row and ends it by what the notifier says happened: sent; not sent (offline:
   * queued again; unknown to WeChat: retried a few times; no contact: failed); or unknown — the text
   * may have left, so it goes to `check` for the assistant and is never sent again by itself.
   */
  private async deliver(row: OutboxMessage, now: Date, result: DispatchResult): Promise<'sent' | 'offline' | 'other'> {
    const { notifier, log, settings } = this.deps;
    const finish = this.claims.finish.bind(this.claims);
    let outcome: SendOutcome;
    try {
      outcome = await notifier.sendToMember(row.memberId, row.text, { account: row.account });
    } catch (err) {
      // The notifier reports failed sends; an error here (the outbound log, say) may come after the send.
      log.error({ err: (err as Error).message, outboxId: row.id }, 'outbox: send ended unclear');
      outcome = { status: 'unknown' };
    }
    if (outcome.status === 'sent') {
      const sentAt = this.deps.clock.now();
      await finish(row, 'sent', { sentAt, reason: null, attempts: row.attempts + 1 });
      result.sent += 1;
      log.info({ outboxId: row.id, occasion: row.occasion, memberId: row.memberId }, 'outbox: sent');
      await this.startDialog(row);
      return 'sent';
    }
    const attempts = row.attempts + 1;
    if (outcome.status === 'unknown') {
      log.warn({ outboxId: row.id, occasion: row.occasion }, 'outbox: send outcome unknown; assistant asked to check');
      if (await finish(row, 'check', { reason: 'send_unclear', attempts })) {
        result.check += 1;
        await tellStaffToCheck(this.deps, row);
      }
      return 'other';
    }
    if (outcome.reason === 'offline') {
      // Logged out between the check and the send, before anything left: the row waits for the account.
      await finish(row, 'queued', { claimedBy: null, claimedAt: null });
      return 'offline';
    }
    if (outcome.reason === 'not_friend') {
      // Refused as no longer a friend: the notifier's listener has just recorded the member as lost.
      await finish(row, 'skipped', { reason: 'lost', attempts });
      count(result, 'skipped', 'lost');
      return 'other';
    }
    if (outcome.reason === 'no_contact') {
      await finish(row, 'failed', { reason: 'no_chat_contact', attempts });
      count(result, 'failed', 'no_chat_contact');
    } else if (attempts >= settings.maxAttempts) {
      await finish(row, 'failed', { reason: outcome.reason, attempts });
      count(result, 'failed', outcome.reason);
    } else {
      await finish(row, 'queued', { reason: outcome.reason, attempts, dueAt: new Date(now.getTime() + settings.retryMs), claimedBy: null, claimedAt: null });
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
