import type { AnyChatContext, ChatNotifier, DialogEngine } from '../chat';
import type { ModuleParts, Platform } from '../module';
import type { StaffService } from '../staff';
import { OutboxDispatcher } from './dispatcher';
import { OutboxQueue } from './outbox-queue';
import { deliverySettings } from './outbox-rules';
import { outboxRoutes } from './outbox.routes';
import type { OutboxPort } from './outbox.port';

export interface OutboxModuleDeps extends Platform {
  staff: StaffService;
  notifier: ChatNotifier;
  dialogs: DialogEngine<AnyChatContext>;
}

/** The outbox module: its port for every module that queues, and its contributions to the service. */
export interface OutboxModule extends ModuleParts {
  /** Queue one row or a batch: the one way any module queues a proactive message. */
  outbox: OutboxPort;
  dispatcher: OutboxDispatcher;
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
  });
  return {
    outbox,
    dispatcher,
    routes: outboxRoutes({ ds: deps.ds, clock: deps.clock, templates: deps.templates, timezone: settings.timezone }),
    jobs: [
      {
        name: 'outbox-dispatch',
        schedule: '* * * * *',
        description: 'Delivers due proactive messages: paced per account, never in quiet hours, capped per member',
        run: () => dispatcher.run(),
      },
    ],
    async stop() {
      dispatcher.stop();
    },
  };
}
