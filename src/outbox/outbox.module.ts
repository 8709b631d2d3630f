import { Member } from '../members/member.entity';
import type { CoreDeps, LaokeModule } from '../module';
import { OutboxDispatcher } from './dispatcher';
import { draftStaffCommand } from './draft-commands';
import { DraftService } from './drafts.service';
import { OutboxStore } from './outbox-store';
import { dailyCron, deliverySettings } from './outbox-rules';
import { outboxRoutes } from './outbox.routes';
import type { OutboxEnqueue, OutboxPort } from './outbox.port';

/** What the outbox module offers later modules (`deps.services.outbox`). */
export interface OutboxService extends OutboxPort {
  dispatcher: OutboxDispatcher;
  drafts: DraftService;
  store: OutboxStore;
}

/**
 * Delivery of proactive messages: the dispatcher (throttle, quiet hours, cap, priority, opt-out,
 * offline, crash check), the assistant's morning list with its chat commands and HTTP actions, the
 * cut-off, and the monthly care figures.
 */
export function outboxModule(deps: CoreDeps): LaokeModule {
  const settings = deliverySettings(deps.config);
  const store = new OutboxStore(deps.ds, deps.clock);
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
  const drafts = new DraftService({ ds: deps.ds, clock: deps.clock, templates: deps.templates, staff: deps.staff, notifier: deps.notifier, settings });
  const service: OutboxService = {
    dispatcher,
    drafts,
    store,
    async enqueue(item: OutboxEnqueue) {
      const member = await deps.ds.getRepository(Member).findOneBy({ id: item.memberId });
      return store.enqueue({ ...item, assistantId: member?.assistantId ?? null });
    },
  };
  return {
    name: 'outbox',
    service,
    routes: outboxRoutes({ ds: deps.ds, clock: deps.clock, staff: deps.staff, drafts, timezone: settings.timezone }),
    staffCommands: [draftStaffCommand((staffId, cmd, now) => drafts.act(staffId, cmd, now))],
    jobs: [
      {
        name: 'outbox-dispatch',
        schedule: '* * * * *',
        description: 'Delivers due proactive messages: paced per account, never in quiet hours, capped per member',
        run: () => dispatcher.run(),
      },
      {
        name: 'care-digest',
        schedule: dailyCron(settings.digestTime),
        description: 'Sends every assistant the numbered list of today’s drafts for their members',
        run: (now) => drafts.sendDigests(now),
      },
      {
        name: 'care-cutoff',
        schedule: dailyCron(settings.cutoffTime),
        description: 'Unhandled drafts: auto-send occasions go out as they are, approval-required ones are skipped',
        run: (now) => drafts.cutoff(now),
      },
    ],
    async stop() {
      dispatcher.stop();
    },
  };
}
