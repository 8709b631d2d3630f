import type { AnyChatContext, ChatNotifier, DialogEngine, LeaseView } from '../chat';
import type { ModuleParts, Platform } from '../module';
import type { StaffService } from '../staff';
import { previewRow, type Verdict } from './dispatch-verdict';
import { OutboxDispatcher } from './dispatcher';
import type { MemberOutlook } from './member-outlook';
import type { OutboxMessage } from './outbox-message.entity';
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
  /** This instance's chat leases: the dispatcher claims rows only of accounts it holds. */
  lease?: LeaseView;
}

/** Delivery's decision for a row before it is due: the morning list offers only drafts that can go out. */
export interface OutboxPreview {
  preview(row: OutboxMessage, now: Date): Promise<Verdict>;
}

/** The outbox module: its port for every module that queues, and its contributions to the service. */
export interface OutboxModule extends ModuleParts {
  /** Queue one row or a batch: the one way any module queues a proactive message. */
  outbox: OutboxPort;
  dispatcher: OutboxDispatcher;
  preview: OutboxPreview;
}

/**
 * Delivery of proactive messages: the queue (one port, single and batch), the dispatcher (throttle,
 * quiet hours, cap, priority, opt-out, offline, crash check) and closing interrupted sends.
 */
export function createOutboxModule(deps: OutboxModuleDeps): OutboxModule {
  const settings = deliverySettings(deps.config);
  const outbox: OutboxPort = new OutboxQueue({ ds: deps.ds, clock: deps.clock });
  const dispatcher = new OutboxDispatcher({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    notifier: deps.notifier,
    templates: deps.templates,
    staff: deps.staff,
    dialogs: deps.dialogs,
    settings,
    outlook: deps.outlook,
    lease: deps.lease,
  });
  const verdictDeps = { ds: deps.ds, dialogs: deps.dialogs, settings, outlook: deps.outlook };
  return {
    outbox,
    dispatcher,
    preview: { preview: (row, now) => previewRow(verdictDeps, row, now) },
    routes: outboxRoutes({ ds: deps.ds, clock: deps.clock, templates: deps.templates, timezone: settings.timezone }),
    jobs: [
      {
        name: 'outbox-dispatch',
        schedule: '* * * * *',
        description: 'Delivers due proactive messages: paced per account, never in quiet hours, capped per member',
        // Every instance runs it, each for the accounts it holds (a run elsewhere could not send).
        everyInstance: true,
        run: () => dispatcher.run(),
      },
    ],
    async stop() {
      dispatcher.stop();
    },
  };
}
