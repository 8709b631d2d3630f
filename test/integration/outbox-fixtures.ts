import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { Member } from '../../src/members/member.entity';
import { createDataSource } from '../../src/db/data-source';
import { OutboxDispatcher, type DispatchResult } from '../../src/outbox/dispatcher';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { OutboxStore, type OutboxInsert } from '../../src/outbox/outbox-store';
import type { Occasion } from '../../src/outbox/outbox.port';
import { deliverySettings } from '../../src/outbox/outbox-rules';
import { StaffService } from '../../src/staff/staff.service';
import type { Harness } from '../support/harness';

/** Helpers for the outbox tests: members with a WeChat contact, rows, and running the jobs. */

export const at = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

/** A member of the given assistant who is a friend of the store account (has a chat contact). */
export async function addMember(h: Harness, contactId: string, name: string, assistantId: number | null): Promise<Member> {
  const ds = h.laoke.ds;
  const member = await h.laoke.services.members.create({ nickname: name, name, source: 'seed' });
  await ds.getRepository(Member).update({ id: member.id }, { assistantId });
  await ds.getRepository(ChatIdentity).insert({ contactId, remark: member.code, memberId: member.id, displayName: name, createdAt: h.clock.now(), lastSeenAt: h.clock.now() });
  return ds.getRepository(Member).findOneByOrFail({ id: member.id });
}

export const memberByContact = (h: Harness, contactId: string): Promise<Member> => h.memberOf(contactId);

export function rowFor(m: Member, occasion: Occasion, over: Partial<OutboxInsert> = {}): OutboxInsert {
  return {
    memberId: m.id,
    assistantId: m.assistantId,
    occasion,
    occasionDate: '2026-11-23',
    text: `${m.name}，${occasion}的问候`,
    dueAt: at('2026-11-23T10:00:00'),
    ...over,
  };
}

export async function insertRows(h: Harness, rows: OutboxInsert[]): Promise<OutboxMessage[]> {
  await new OutboxStore(h.laoke.ds, h.clock).insertMany(rows);
  const all = await h.laoke.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
  return rows.map((r) => all.find((a) => a.memberId === r.memberId && a.occasion === r.occasion && a.occasionDate === r.occasionDate)!);
}

export const dispatch = (h: Harness) => h.laoke.scheduler.runNow('outbox-dispatch') as Promise<DispatchResult>;

/** Runs the dispatcher until nothing is due, moving the frozen clock past each throttle slot. */
export async function drain(h: Harness): Promise<DispatchResult[]> {
  const results: DispatchResult[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await dispatch(h);
    results.push(r);
    if (r.stoppedBy !== 'throttled') break;
    h.clock.set(new Date(r.nextSlotAt!), { freeze: true });
  }
  return results;
}

export const total = (rs: DispatchResult[], k: 'sent' | 'skipped' | 'failed' | 'check') => rs.reduce((n, r) => n + r[k], 0);

export async function outboxRow(h: Harness, id: number): Promise<OutboxMessage> {
  return h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id });
}

/**
 * A dispatcher as a second instance would run it: its own DataSource (connection) on the same database.
 * Runs `body` with it and closes the connection afterwards.
 */
export async function withSecondInstance<T>(h: Harness, body: (other: OutboxDispatcher) => Promise<T>): Promise<T> {
  const ds2 = createDataSource(h.laoke.config.db);
  await ds2.initialize();
  try {
    const other = new OutboxDispatcher({
      ds: ds2,
      clock: h.clock,
      log: h.laoke.log,
      notifier: h.laoke.notifier,
      templates: h.laoke.templates,
      staff: new StaffService(ds2, h.clock),
      dialogs: h.laoke.dialogs,
      settings: deliverySettings(h.laoke.config),
    });
    return await body(other);
  } finally {
    await ds2.destroy();
  }
}
