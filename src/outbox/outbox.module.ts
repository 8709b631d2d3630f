import type { AnyChatContext, ChatNotifier, DialogEngine, LeaseView } from '../chat';
import type { ModuleParts, Platform } from '../module';
import type { StaffService } from '../staff';
import { previewRow, type Verdict } from './dispatch-verdict';
import { OutboxDispatcher, type DispatchResult } from './dispatcher';
import type { MemberOutlook } from './member-outlook';
import type { MemberValue } from './member-value';
import type { OutboxMessage } from './outbox-message.entity';
import { OutboxSender } from './outbox-sender.entity';
import { storeDayKey } from './store-day';
import { OutboxQueue } from './outbox-queue';
import { deliverySettings } from './outbox-rules';
import { outboxRoutes } from './outbox.routes';
import type { OutboxPort } from './outbox.port';

export interface OutboxModuleDeps extends Platform {
  staff: StaffService;
  notifier: ChatNotifier;
  dialogs: DialogEngine<AnyChatContext>;
  /** What delivery needs of the modules above (care): occasions known ahead, open complaints, late texts. */
  outlook?: MemberOutlook;
  /** This instance's chat leases: a dispatcher claims an account's rows only while the instance holds it. */
  lease?: LeaseView;
  /**
   * The chat accounts this instance sends from now, with each one's daily ceiling: the dispatch job runs
   * one dispatcher per account. Left out: the one account `store` with OUTBOX_DAILY_LIMIT.
   */
  sendingAccounts?: () => readonly SendingAccount[];
  /** The member's value (loyalty: tier, RFM segment), stored on each row for the order of a day that does not fit. */
  value?: MemberValue;
}

export interface SendingAccount {
  id: string;
  dailyLimit: number;
}

/** Delivery's decision for a row before it is due: the morning list offers only drafts that can go out. */
export interface OutboxPreview {
  preview(row: OutboxMessage, now: Date): Promise<Verdict>;
}

/** The outbox module: its port for every module that queues, and its contributions to the service. */
export interface OutboxModule extends ModuleParts {
  /** Queue one row or a batch: the one way any module queues a proactive message. */
  outbox: OutboxPort;
  /** The dispatcher of one sending account (made on first use, then kept: it holds the account's pacing state). */
  dispatcherFor(account: SendingAccount): OutboxDispatcher;
  /** One dispatch run: every sending account's dispatcher at once, each paced on its own. */
  dispatch(): Promise<DispatchResult>;
  /** Proactive messages counted against an account's daily ceiling in today's store day. */
  sentToday(account: string): Promise<number>;
  preview: OutboxPreview;
}

/**
 * Delivery of proactive messages: the queue (one port, single and batch), the dispatcher (throttle,
 * quiet hours, cap, priority, opt-out, offline, crash check) and closing interrupted sends.
 */
export function createOutboxModule(deps: OutboxModuleDeps): OutboxModule {
  const settings = deliverySettings(deps.config);
  const outbox: OutboxPort = new OutboxQueue({ ds: deps.ds, clock: deps.clock, accounts: deps.config.chatAccounts?.map((a) => a.id), value: deps.value });
  const dispatchers = new Map<string, OutboxDispatcher>();
  let stopped = false;
  const dispatcherFor = (account: SendingAccount): OutboxDispatcher => {
    let d = dispatchers.get(account.id);
    if (!d) {
      d = new OutboxDispatcher({
        ds: deps.ds,
        clock: deps.clock,
        log: deps.log,
        notifier: deps.notifier,
        templates: deps.templates,
        staff: deps.staff,
        dialogs: deps.dialogs,
        settings: { ...settings, dailyLimit: account.dailyLimit },
        outlook: deps.outlook,
        account: account.id,
        lease: deps.lease,
      });
      if (stopped) d.stop();
      dispatchers.set(account.id, d);
    }
    return d;
  };
  const sending = deps.sendingAccounts ?? (() => [{ id: 'store', dailyLimit: settings.dailyLimit }]);
  const dispatch = async (): Promise<DispatchResult> => {
    const accounts = sending();
    const results = await Promise.all(accounts.map((a) => dispatcherFor(a).run()));
    return combineResults(accounts.map((a, i) => [a.id, results[i]]));
  };
  const verdictDeps = { ds: deps.ds, dialogs: deps.dialogs, settings, outlook: deps.outlook };
  return {
    outbox,
    dispatcherFor,
    dispatch,
    async sentToday(account) {
      const sender = await deps.ds.getRepository(OutboxSender).findOneBy({ account });
      return sender && sender.day === storeDayKey(deps.clock.now(), settings.timezone) ? sender.sentToday : 0;
    },
    preview: { preview: (row, now) => previewRow(verdictDeps, row, now) },
    routes: outboxRoutes({ ds: deps.ds, clock: deps.clock, templates: deps.templates, timezone: settings.timezone }),
    jobs: [
      {
        name: 'outbox-dispatch',
        schedule: '* * * * *',
        description: 'Delivers due proactive messages: paced per account, never in quiet hours, capped per member',
        // Every instance runs it, each for the accounts it holds (a run elsewhere could not send).
        everyInstance: true,
        run: () => dispatch(),
      },
    ],
    async stop() {
      stopped = true;
      for (const d of dispatchers.values()) d.stop();
    },
  };
}

const STOP_RANK: Record<DispatchResult['stoppedBy'], number> = { stopping: 0, throttled: 1, daily_limit: 2, offline: 3, quiet: 4, idle: 5 };

/**
 * One run's figures over every sending account: counts added up; the stop that asks for the soonest
 * action wins (a throttled account: its next slot, the earliest of them). With one account, its own result.
 */
export function combineResults(perAccount: [string, DispatchResult][]): DispatchResult {
  if (perAccount.length === 1) return perAccount[0][1];
  const total: DispatchResult = { sent: 0, skipped: 0, failed: 0, check: 0, deferred: 0, reasons: {}, waiting: 0, stoppedBy: 'idle', nextSlotAt: null };
  for (const [, r] of perAccount) {
    for (const k of ['sent', 'skipped', 'failed', 'check', 'deferred', 'waiting'] as const) total[k] += r[k];
    for (const [reason, n] of Object.entries(r.reasons)) total.reasons[reason] = (total.reasons[reason] ?? 0) + n;
    if (STOP_RANK[r.stoppedBy] < STOP_RANK[total.stoppedBy]) total.stoppedBy = r.stoppedBy;
  }
  const slots = perAccount.filter(([, r]) => r.stoppedBy === total.stoppedBy && r.nextSlotAt).map(([, r]) => r.nextSlotAt!);
  total.nextSlotAt = slots.sort()[0] ?? null;
  total.accounts = Object.fromEntries(perAccount);
  return total;
}
