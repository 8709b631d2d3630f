import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { at, dispatch, insertRows, outboxRow, rowFor } from './outbox-fixtures';

/**
 * What the console's "要核实的消息" list stands on: the simulator arms an unclear send
 * (`POST /dev/chat/contacts/:id/send-fault`), the dispatcher leaves the row in `check`, and
 * `/admin/outbox/check` shows it to the member's own assistant and managers only.
 */
describe('messages to check, as the console lists and closes them', () => {
  let h: Harness;
  let tokens: { lili: string; zhangmin: string; admin: string };
  let zhaoId: number;
  let liuId: number;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0' } });
    const staff = h.laoke.services.staff;
    const admin = await staff.create({ name: '管理员', role: 'admin' });
    tokens = {
      lili: await staff.issueToken((await staff.findByName('李丽'))!.id),
      zhangmin: await staff.issueToken((await staff.findByName('张敏'))!.id),
      admin: await staff.issueToken(admin.id),
    };
    zhaoId = (await h.memberOf(DEMO.zhao.id)).id;
    liuId = (await h.memberOf(DEMO.liu.id)).id;
  });
  afterAll(async () => {
    await h.close();
  });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('arms an unclear send in the simulator: the text arrives, the row waits for a check', async () => {
    const bad = await h.http.post(`/dev/chat/contacts/${DEMO.zhao.id}/send-fault`).send({ fault: 'explode' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await h.http.post('/dev/chat/contacts/bad%20id!/send-fault').send({ fault: 'fail_after_delivery' })).status).toBe(400);

    for (const contact of [DEMO.zhao.id, DEMO.liu.id]) {
      const armed = await h.http.post(`/dev/chat/contacts/${contact}/send-fault`).send({ fault: 'fail_after_delivery' });
      expect(armed.status).toBe(200);
      expect(armed.body).toEqual({ contact, fault: 'fail_after_delivery' });
    }
    const zhao = await h.memberOf(DEMO.zhao.id);
    const liu = await h.memberOf(DEMO.liu.id);
    await insertRows(h, [
      rowFor(zhao, 'festival', { occasionDate: '2026-11-23', dueAt: at('2026-11-23T10:00:00'), text: '赵阿姨，天冷了注意保暖' }),
      rowFor(liu, 'festival', { occasionDate: '2026-11-23', dueAt: at('2026-11-23T10:00:00'), text: '刘先生，天冷了注意保暖' }),
    ]);
    expect(await dispatch(h)).toMatchObject({ check: 2, sent: 0 });
    // The text did reach the member: that is why nobody may send it again without looking.
    expect(h.world.deliveredTo(DEMO.zhao.id)).toContain('赵阿姨，天冷了注意保暖');
    expect(await h.laoke.ds.getRepository(OutboxMessage).countBy({ status: 'check', reason: 'send_unclear' })).toBe(2);
  });

  it('lists each assistant only her own members’ rows, the store’s for a manager, none for an admin', async () => {
    const ids = async (token: string) => ((await h.http.get('/admin/outbox/check').set(bearer(token)).expect(200)).body.messages as { memberId: number }[]).map((m) => m.memberId);
    expect(await ids(tokens.lili)).toEqual([zhaoId]);
    expect(await ids(tokens.zhangmin)).toEqual([liuId]);
    expect((await ids(h.managerToken!)).sort()).toEqual([zhaoId, liuId].sort());
    const admin = await h.http.get('/admin/outbox/check').set(bearer(tokens.admin));
    expect(admin.status).toBe(403);
    expect(admin.body.error.code).toBe('forbidden');
    expect((await h.http.get('/admin/outbox/check')).status).toBe(401);
  });

  it('closes a row once, for its own assistant or a manager; bad input is a 400 and changes nothing', async () => {
    const list = (await h.http.get('/admin/outbox/check').set(bearer(tokens.lili)).expect(200)).body.messages as { id: number }[];
    const zhaoRow = list[0].id;
    // Another assistant cannot see it, so cannot close it.
    expect((await h.http.post(`/admin/outbox/${zhaoRow}/resolve`).set(bearer(tokens.zhangmin)).send({ delivered: true })).status).toBe(404);
    expect((await h.http.post(`/admin/outbox/${zhaoRow}/resolve`).set(bearer(tokens.admin)).send({ delivered: true })).status).toBe(403);
    expect((await h.http.post('/admin/outbox/999999/resolve').set(bearer(h.managerToken!)).send({ delivered: true })).status).toBe(404);
    for (const body of [{}, { delivered: 'yes' }, { delivered: true, extra: 1 }]) {
      const bad = await h.http.post(`/admin/outbox/${zhaoRow}/resolve`).set(bearer(tokens.lili)).send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
    expect((await outboxRow(h, zhaoRow)).status).toBe('check');

    const done = await h.http.post(`/admin/outbox/${zhaoRow}/resolve`).set(bearer(tokens.lili)).send({ delivered: false });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'failed', reason: 'not_delivered', memberId: zhaoId });
    expect((await h.http.post(`/admin/outbox/${zhaoRow}/resolve`).set(bearer(h.managerToken!)).send({ delivered: true })).status).toBe(409);
    expect((await h.http.get('/admin/outbox/check').set(bearer(tokens.lili)).expect(200)).body.messages).toEqual([]);
    // Closed as not delivered: never sent again by itself.
    expect(await dispatch(h)).toMatchObject({ sent: 0, check: 0 });
  });
});
