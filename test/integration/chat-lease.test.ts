import request from 'supertest';
import { ChatAccountLease, type LeaseView } from '../../src/chat';
import { createLaoke, type Laoke } from '../../src/laoke';
import { ChatMessage } from '../../src/members/chat-message.entity';
import type { Member } from '../../src/members/member.entity';
import type { DispatchResult } from '../../src/outbox/dispatcher';
import { OutboxClaims } from '../../src/outbox/outbox-claims';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { startHarness, waitFor, type Harness } from '../support/harness';
import { addMember, at, insertRows, rowFor } from './outbox-fixtures';

/**
 * Two (then three) instances of the service on one database and one moved clock: exactly one holds the
 * store account; the other neither claims outbox rows nor sends; when the holder stops renewing, the
 * other takes the account with the next fencing token and the old holder is refused; a graceful stop
 * hands the account over at once.
 */
describe('one holder per chat account across instances', () => {
  let h: Harness;
  let a: Laoke;
  let b: Laoke;
  let c: Laoke | null = null;
  let members: Member[];
  const leaseRow = () => h.laoke.ds.getRepository(ChatAccountLease).findOneByOrFail({ account: 'store' });
  const outbox = () => h.laoke.ds.getRepository(OutboxMessage);
  const dispatch = (l: Laoke) => l.scheduler.runNow('outbox-dispatch') as Promise<DispatchResult>;
  const sentTo = (contactId: string) => h.laoke.ds.getRepository(ChatMessage).countBy({ contactId, direction: 'out' });
  const claimsOf = (l: Laoke, lease: LeaseView = l.lease) => new OutboxClaims({ ds: l.ds, clock: h.clock, account: 'store', lease });
  const boot = async () => {
    const l = await createLaoke(h.laoke.config, { clock: h.clock, log: h.laoke.log });
    await l.start({ schedules: false });
    return l;
  };

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { CHAT_LEASE_SECONDS: '30', OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0' } });
    a = h.laoke;
    b = await boot();
    const liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    members = [];
    for (let i = 0; i < 4; i++) members.push(await addMember(h, `wx-lease${i}`, `租约${i}`, liliId));
    await insertRows(h, members.map((m) => rowFor(m, 'festival', { dueAt: at('2026-11-23T09:00:00') })));
  });
  afterAll(async () => {
    await c?.stop();
    await b.stop();
    await h.close();
  });

  it('lets exactly one instance hold the account and run its bot; /healthz on either instance names the holder', async () => {
    expect(a.lease.held('store')).toBe(true);
    expect(b.lease.held('store')).toBe(false);
    expect(a.channel.isOnline()).toBe(true);
    expect(b.channel.state()).toBe('stopped');
    expect(await leaseRow()).toMatchObject({ holder: a.lease.instanceId, token: 1, chatState: 'online' });
    // b's rounds find the lease taken and change nothing.
    await b.lease.tick();
    expect(await leaseRow()).toMatchObject({ holder: a.lease.instanceId, token: 1 });
    const health = await request(b.app.callback()).get('/healthz');
    expect(health.body.chat).toBe('stopped');
    expect(health.body.accounts).toEqual([
      { id: 'store', name: expect.any(String), state: 'stopped', holder: a.lease.instanceId, leaseExpiresAt: expect.any(String), holderState: 'online' },
    ]);
  });

  it('refuses the instance that does not hold the account: no claim, no send', async () => {
    expect(await claimsOf(b).claimOne(h.clock.now())).toBeNull();
    const run = await dispatch(b);
    expect(run.sent).toBe(0);
    expect(await b.notifier.sendToMember(members[0].id, '不该发出')).toEqual({ status: 'not_sent', reason: 'offline' });
    expect(await outbox().countBy({ status: 'queued' })).toBe(4);
    expect(await sentTo('wx-lease0')).toBe(0);
  });

  it('hands the account to the other instance with the next token once the holder stops renewing, and refuses the old holder', async () => {
    // The holder claims a row, then hangs mid-send: it stops renewing.
    const inFlight = await claimsOf(a).claimOne(h.clock.now());
    expect(inFlight).toMatchObject({ status: 'sending' });
    a.lease.pause();
    // Before the expiry nobody may take the account.
    h.clock.advance(25_000);
    await b.lease.tick();
    expect(b.lease.held('store')).toBe(false);
    h.clock.advance(6_000);
    await b.lease.tick();
    expect(b.lease.held('store')).toBe(true);
    expect(await leaseRow()).toMatchObject({ holder: b.lease.instanceId, token: 2 });
    await waitFor(() => b.channel.isOnline(), 5000);

    // The old holder's memory says it may no longer act; a claim carrying its old token is refused by
    // the database itself, even from an instance that still believes it holds the account.
    expect(a.lease.held('store')).toBe(false);
    const stale: LeaseView = { instanceId: a.lease.instanceId, tokenOf: () => 1, held: () => true, confirm: async () => 1 };
    expect(await claimsOf(a, stale).claimOne(h.clock.now())).toBeNull();
    expect(await claimsOf(a).claimOne(h.clock.now())).toBeNull();
    // Its send is refused before anything is handed over, and it learns it lost the account: its bot stops.
    expect(await a.notifier.sendToMember(members[1].id, '旧持有者的消息')).toEqual({ status: 'not_sent', reason: 'offline' });
    await waitFor(() => a.channel.state() === 'stopped', 5000);
    expect(await sentTo('wx-lease1')).toBe(0);
    expect(await leaseRow()).toMatchObject({ holder: b.lease.instanceId, token: 2 });

    // The new holder goes on: the three queued rows are sent once; the row the old holder had in flight
    // is never resent, and once stale it goes to an assistant to check.
    const run = await dispatch(b);
    expect(run.sent).toBe(3);
    h.clock.advance(h.laoke.config.OUTBOX_SENDING_STALE_SECONDS * 1000 + 1000);
    const later = await dispatch(b);
    expect(later).toMatchObject({ sent: 0, check: 1 });
    expect(await outbox().findOneByOrFail({ id: inFlight!.id })).toMatchObject({ status: 'check', reason: 'interrupted_mid_send' });
    expect(await outbox().countBy({ status: 'sent' })).toBe(3);
    for (const m of members) {
      const contact = `wx-lease${members.indexOf(m)}`;
      expect(await sentTo(contact)).toBe(m.id === inFlight!.memberId ? 0 : 1);
    }
  });

  it('hands the account over at once on a graceful stop', async () => {
    c = await boot();
    expect(c.lease.held('store')).toBe(false);
    await b.stop();
    expect(await leaseRow()).toMatchObject({ holder: null, chatState: 'stopped' });
    // No clock moved: the released lease is free for the next round.
    await c.lease.tick();
    expect(c.lease.held('store')).toBe(true);
    expect(await leaseRow()).toMatchObject({ holder: c.lease.instanceId, token: 3 });
    await waitFor(() => c!.channel.isOnline(), 5000);
    // The holder writes its bot's state on the row for every instance to show.
    await waitFor(async () => (await leaseRow()).chatState === 'online', 5000);
    expect((await request(a.app.callback()).get('/healthz')).body.accounts).toEqual([
      { id: 'store', name: expect.any(String), state: 'stopped', holder: c.lease.instanceId, leaseExpiresAt: expect.any(String), holderState: 'online' },
    ]);
  });
});
