import { backoffMs } from '../../src/chat/wechaty-channel';
import type { ChatState } from '../../src/chat/ports';
import { DEMO, startHarness, waitFor, type Harness } from '../support/harness';

describe('backoffMs', () => {
  it('doubles from the minimum on each attempt and stops at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffMs(a, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffMs(500, 1000, 60_000)).toBe(60_000);
  });
});

/** The store account drops: the service stays up, shows it, restarts the bot, and does not answer old messages again. */
describe('when the chat account drops', () => {
  let h: Harness;
  let states: ChatState[];
  beforeEach(async () => {
    h = await startHarness();
    states = [];
    h.laoke.channel.onState((s) => states.push(s));
  });
  afterEach(async () => {
    await h.close();
  });

  const health = async () => (await h.http.get('/healthz')).body as { status: string; db: string; chat: string };

  it('stays up after a logout, shows the state on /healthz, and logs back in by itself', async () => {
    expect(await health()).toMatchObject({ status: 'ok', db: 'ok', chat: 'online', accounts: [{ id: 'store', name: '老客小店', state: 'online' }] });
    // Nobody "scans" until the test has looked: the restart waits for a login, as with a real puppet.
    h.world.autoLogin = false;
    await h.world.logout();
    expect(h.laoke.channel.isOnline()).toBe(false);
    await waitFor(() => h.laoke.channel.state() === 'waiting_login', 5000);
    expect((await health()).chat).toBe('waiting_login');
    h.world.autoLogin = true;
    h.world.login();
    await waitFor(() => h.laoke.channel.isOnline(), 5000);
    expect(states.slice(0, 2)).toEqual(['offline', 'restarting']);
    expect(states[states.length - 1]).toBe('online');
    expect(await health()).toMatchObject({
      status: 'ok',
      db: 'ok',
      chat: 'online',
      accounts: [{ id: 'store', name: '老客小店', state: 'online', holder: h.laoke.lease.instanceId, holderState: 'online' }],
    });
    // And the bot answers again, once per message (the old bot's listeners are gone).
    const event = await h.chat.say(DEMO.chen, '资料');
    expect(event.status).toBe('handled');
    expect(event.replies).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.logLines.some((l) => l.includes('duplicate delivery ignored'))).toBe(false);
  });

  it('keeps the account online after a single puppet error, and restarts it after repeated errors', async () => {
    h.world.emitError('payload failed to load');
    await new Promise((r) => setImmediate(r));
    expect(h.laoke.channel.state()).toBe('online');
    expect(h.logLines.some((l) => l.includes('chat puppet error'))).toBe(true);
    h.world.emitError('puppet connection lost', 3);
    await waitFor(() => states.includes('restarting'), 2000);
    await waitFor(() => h.laoke.channel.isOnline(), 5000);
    expect(states).toEqual(expect.arrayContaining(['offline', 'restarting', 'online']));
    expect((await h.say(DEMO.chen, '资料'))[0]).toMatch(/我们为您保存的信息/);
  });

  it('backs off longer on each failed restart, up to the maximum, and starts over after a login', async () => {
    h.world.autoLogin = false;
    const waiting = () => h.laoke.channel.state() === 'waiting_login';
    // Harness: CHAT_RESTART_MIN_MS 20, CHAT_RESTART_MAX_MS 200.
    expect(h.laoke.channel.nextBackoffMs()).toBe(20);
    await h.world.logout();
    await waitFor(waiting, 5000);
    const seen = [h.laoke.channel.nextBackoffMs()];
    const waits = () => states.filter((s) => s === 'waiting_login').length;
    for (let i = 0; i < 4; i += 1) {
      // The puppet keeps failing while nobody has scanned the QR code: each failure is a new restart.
      const before = waits();
      h.world.emitError('still not logged in');
      await waitFor(() => waits() > before && waiting(), 5000);
      seen.push(h.laoke.channel.nextBackoffMs());
    }
    expect(states.filter((s) => s === 'restarting')).toHaveLength(5);
    expect(seen).toEqual([40, 80, 160, 200, 200]);
    h.world.login();
    await waitFor(() => h.laoke.channel.isOnline(), 2000);
    expect(h.laoke.channel.nextBackoffMs()).toBe(20);
  });

  it('serves the login QR code to staff while waiting for a login, and answers 404 once logged in', async () => {
    h.world.autoLogin = false;
    await h.world.logout();
    await waitFor(() => h.laoke.channel.state() === 'waiting_login', 5000);
    expect((await health()).chat).toBe('waiting_login');

    const anonymous = await h.http.get('/admin/chat/qrcode');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');

    const qr = await h.http.get('/admin/chat/qrcode').set('authorization', `Bearer ${h.managerToken}`);
    expect(qr.status).toBe(200);
    expect(qr.body.qrcode).toMatch(/^https:\/\/login\.weixin\.qq\.com\//);
    expect(qr.body.status).toBe('Waiting');
    expect(qr.body.loginUrl).toContain(encodeURIComponent(qr.body.qrcode));
    const status = await h.http.get('/admin/chat/status').set('authorization', `Bearer ${h.managerToken}`);
    expect(status.body).toMatchObject({ state: 'waiting_login', loginQr: { qrcode: qr.body.qrcode } });

    // Messages cannot be answered meanwhile: the simulator says so in the JSON error format.
    const offline = await h.http.post('/dev/chat/messages').send({ from: DEMO.chen, text: '在吗' });
    expect(offline.status).toBe(503);
    expect(offline.body.error.code).toBe('unavailable');

    h.world.login();
    await waitFor(() => h.laoke.channel.isOnline(), 2000);
    const after = await h.http.get('/admin/chat/qrcode').set('authorization', `Bearer ${h.managerToken}`);
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe('not_found');
  });

  it('does not answer messages a puppet replays after a re-login when they are older than the login', async () => {
    const before = (await h.sentTo(DEMO.chen.id)).length;
    const sentBeforeDrop = new Date(h.clock.now().getTime());
    h.clock.advance(60 * 60_000);
    await h.world.logout();
    await waitFor(() => h.laoke.channel.isOnline(), 5000);

    const replayed = await h.chat.say(DEMO.chen, '一小时前发的消息', { sentAt: sentBeforeDrop });
    expect(replayed.status).toBe('ignored');
    expect(replayed.replies).toEqual([]);
    expect(h.logLines.some((l) => l.includes('message from before login ignored') && l.includes(replayed.messageId))).toBe(true);

    const fresh = await h.chat.say(DEMO.chen, '资料');
    expect(fresh.status).toBe('handled');
    expect(await h.sentTo(DEMO.chen.id)).toHaveLength(before + 1);
  });
});

describe('the simulator account controls', () => {
  it('drops and restores the account through POST /dev/chat/account', async () => {
    const h = await startHarness();
    try {
      const states: ChatState[] = [];
      h.laoke.channel.onState((s) => states.push(s));
      expect((await h.http.post('/dev/chat/account').send({ action: 'error' })).status).toBe(200);
      await waitFor(() => states.includes('restarting') && h.laoke.channel.isOnline(), 5000);
      expect((await h.http.post('/dev/chat/account').send({ action: 'logout' })).status).toBe(200);
      await waitFor(() => states.filter((s) => s === 'restarting').length === 2 && h.laoke.channel.isOnline(), 5000);
      expect((await h.http.post('/dev/chat/account').send({ action: 'explode' })).status).toBe(400);
    } finally {
      await h.close();
    }
  });
});
