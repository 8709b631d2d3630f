import { Member } from '../../src/members/member.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

interface LedgerRow {
  kind: string;
  points: number;
  balanceAfter: number;
  reason: string;
  staffId: number | null;
  purchaseId: number | null;
}

/** Points: earned once per purchase whatever the route, refunds, staff redemption and adjustment, what members see. */
describe('points', () => {
  let h: Harness;
  let chen: Member;
  let liu: Member;
  let zhao: Member;
  let owner: Staff;
  let other: Staff;
  let ownerToken: string;
  let otherToken: string;
  const contactOf = (s: Staff) => ({ id: s.wechatContactId!, name: s.name });

  const ledger = async (memberId: number): Promise<LedgerRow[]> =>
    (
      (await h.laoke.ds.query('SELECT kind, points, balanceAfter, reason, staffId, purchaseId FROM points_entry WHERE memberId = ? ORDER BY id', [memberId])) as Record<string, unknown>[]
    ).map((r) => ({
      kind: String(r.kind),
      points: Number(r.points),
      balanceAfter: Number(r.balanceAfter),
      reason: String(r.reason),
      staffId: r.staffId === null ? null : Number(r.staffId),
      purchaseId: r.purchaseId === null ? null : Number(r.purchaseId),
    }));
  const balance = async (memberId: number) => (await h.http.get(`/admin/members/${memberId}/points`).set(bearer(h.managerToken!))).body.balance as number;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    const repo = h.laoke.ds.getRepository(Member);
    chen = await repo.findOneByOrFail({ name: '陈女士' });
    liu = await repo.findOneByOrFail({ name: '刘先生' });
    zhao = await repo.findOneByOrFail({ nickname: '赵阿姨' });
    owner = (await h.laoke.services.members.assistantOf(chen))!;
    other = (await h.laoke.services.staff.assistants()).find((s) => s.id !== owner.id)!;
    ownerToken = await h.laoke.services.staff.issueToken(owner.id, { label: 'test' });
    otherToken = await h.laoke.services.staff.issueToken(other.id, { label: 'test' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('earns once per purchase whatever the route: API single, batch and POS import, resent or not', async () => {
    const one = { memberId: liu.id, purchasedAt: '2026-11-20T15:00:00+08:00', items: '围巾', amount: 299.5, idempotencyKey: 'rcpt-1' };
    expect((await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send(one)).status).toBe(201);
    expect((await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send(one)).status).toBe(201);
    const batch = { purchases: [one, { memberId: liu.id, purchasedAt: '2026-11-21T11:00:00+08:00', items: '手套', amount: 100 }] };
    expect((await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send(batch)).status).toBe(201);
    const csv = `时间,会员号,商品,金额\n2026-11-21 16:00,${liu.code},毛衣,400\n`;
    for (let i = 0; i < 2; i++) {
      const r = await h.http.post('/admin/purchases/import').set(bearer(h.managerToken!)).set('content-type', 'text/csv').send(csv);
      expect(r.status).toBe(200);
    }
    const rows = await ledger(liu.id);
    // 299.5 yuan → 299 points (rounded down), 100, 400: one entry each, by the system.
    expect(rows.map((r) => [r.kind, r.points, r.staffId])).toEqual([
      ['earned', 299, null],
      ['earned', 100, null],
      ['earned', 400, null],
    ]);
    expect(new Set(rows.map((r) => r.purchaseId)).size).toBe(3);
    expect(await balance(liu.id)).toBe(799);
  });

  it('multiplies by the tier the member held when buying', async () => {
    await h.laoke.ds.getRepository(Member).update({ id: zhao.id }, { tier: 'gold' });
    await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ memberId: zhao.id, purchasedAt: '2026-11-22T09:00:00+08:00', items: '羊绒大衣', amount: 1000 });
    expect((await ledger(zhao.id)).map((r) => r.points)).toEqual([1500]);
  });

  it('takes back what a refunded purchase earned, in proportion, never below zero', async () => {
    const [sale] = await h.laoke.services.purchases.record(
      [{ memberId: chen.id, purchasedAt: new Date('2026-11-22T09:10:00+08:00'), items: '真丝衬衫', category: null, quantity: 2, amountFen: 80000, store: null, assistantId: null, idempotencyKey: 'sale-1' }],
      'api',
    );
    expect(await balance(chen.id)).toBe(800);
    const refund = (key: string, fen: number) =>
      h.laoke.services.purchases.record([{ memberId: chen.id, purchasedAt: new Date('2026-11-22T09:30:00+08:00'), items: '真丝衬衫', category: null, quantity: 1, amountFen: -fen, store: null, assistantId: null, idempotencyKey: key }], 'api');
    await refund('refund-1', 40000);
    expect(await balance(chen.id)).toBe(400);
    let rows = await ledger(chen.id);
    expect(rows.at(-1)).toMatchObject({ kind: 'reversed', points: -400, purchaseId: sale.id, staffId: null });
    // The member spends what is left; a second refund of the rest can take back nothing more than there is.
    await h.http.post(`/admin/members/${chen.id}/points/redemptions`).set(bearer(h.managerToken!)).send({ points: 300, note: '保温杯' });
    await refund('refund-2', 40000);
    expect(await balance(chen.id)).toBe(0);
    rows = await ledger(chen.id);
    expect(rows.map((r) => r.points)).toEqual([800, -400, -300, -100]);
    expect(rows.every((r) => r.balanceAfter >= 0)).toBe(true);
    // The same refund again (another import of it) changes nothing.
    await refund('refund-2', 40000);
    expect(await ledger(chen.id)).toHaveLength(4);
  });

  it('lets staff redeem within their role limits and managers adjust, each change audited', async () => {
    const url = `/admin/members/${liu.id}/points`;
    const liuOwner = (await h.laoke.services.members.assistantOf(liu))!;
    const liuOwnerToken = liuOwner.id === owner.id ? ownerToken : otherToken;
    const notOwnerToken = liuOwner.id === owner.id ? otherToken : ownerToken;
    expect((await h.http.get(url).set(bearer(notOwnerToken))).status).toBe(403);
    expect((await h.http.post(`${url}/redemptions`).set(bearer(notOwnerToken)).send({ points: 10 })).status).toBe(403);
    // Over the per-redemption limit for assistants (1000 by default).
    await h.http.post(`${url}/adjustments`).set(bearer(h.managerToken!)).send({ points: 1000, reason: '老顾客回馈' });
    const over = await h.http.post(`${url}/redemptions`).set(bearer(liuOwnerToken)).send({ points: 1001 });
    expect(over.status).toBe(403);
    // The console shows the refusal in the chat's Chinese words, with the limit.
    expect(over.body.error.details).toEqual([{ message: expect.stringMatching(/一次最多可以兑换 1000 积分/) }]);
    const ok = await h.http.post(`${url}/redemptions`).set(bearer(liuOwnerToken)).send({ points: 500, note: '抵现 ¥5', idempotencyKey: 'till-9' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'applied', balance: 1299, entry: { kind: 'redeemed', points: -500, reason: '抵现 ¥5', by: { kind: 'staff', staffId: liuOwner.id } } });
    const again = await h.http.post(`${url}/redemptions`).set(bearer(liuOwnerToken)).send({ points: 500, note: '抵现 ¥5', idempotencyKey: 'till-9' });
    expect(again.body).toMatchObject({ status: 'duplicate', balance: 1299 });
    const short = await h.http.post(`${url}/redemptions`).set(bearer(h.managerToken!)).send({ points: 5000 });
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({ code: 'conflict', details: { balance: 1299 } });
    expect((await h.http.post(`${url}/adjustments`).set(bearer(liuOwnerToken)).send({ points: 50, reason: '补偿' })).status).toBe(403);
    expect((await h.http.post(`${url}/adjustments`).set(bearer(h.managerToken!)).send({ points: -2000, reason: '更正' })).status).toBe(409);
    expect((await h.http.post(`${url}/adjustments`).set(bearer(h.managerToken!)).send({ points: 0, reason: '更正' })).status).toBe(400);
    const adj = await h.http.post(`${url}/adjustments`).set(bearer(h.managerToken!)).send({ points: -99, reason: '录错更正' });
    expect(adj.body).toMatchObject({ status: 'applied', balance: 1200 });
    const view = await h.http.get(url).set(bearer(liuOwnerToken));
    expect(view.status).toBe(200);
    expect(view.body.balance).toBe(1200);
    expect(view.body.entries[0]).toMatchObject({ kind: 'adjusted', points: -99, reason: '录错更正', by: { kind: 'staff' } });
    const audit = await h.http.get(`/admin/audit?memberId=${liu.id}`).set(bearer(h.managerToken!));
    const actions = (audit.body.items as { action: string }[]).map((a) => a.action);
    expect(actions.filter((a) => a === 'points.redeem')).toHaveLength(1);
    expect(actions.filter((a) => a === 'points.adjust')).toHaveLength(2);
  });

  it('runs `#M… 兑换 500 备注` from staff chat as a redemption, never as a relay to the member', async () => {
    const before = await balance(chen.id);
    await h.http.post(`/admin/members/${chen.id}/points/adjustments`).set(bearer(h.managerToken!)).send({ points: 800, reason: '活动赠送' });
    const sentBefore = (await h.sentTo(DEMO.chen.id)).length;
    const [reply] = await h.say(contactOf(owner), `#${chen.code} 兑换 500 保温杯`);
    expect(reply).toMatch(/已为.*兑换 500 积分（保温杯），剩余 300 分/);
    const toChen = (await h.sentTo(DEMO.chen.id)).slice(sentBefore);
    // Only the receipt: no relayed "兑换 500 保温杯".
    expect(toChen).toHaveLength(1);
    expect(toChen[0]).toMatch(/兑换了 500 积分（保温杯），剩余 300 分/);
    expect(toChen.join('\n')).not.toMatch(/兑换 500 保温杯/);
    expect(await balance(chen.id)).toBe(before + 300);
    // Role limits in chat too: another assistant, over the limit, adjustments by assistants, a short balance.
    expect((await h.say(contactOf(other), `#${chen.code} 兑换 100`))[0]).toMatch(/不是您负责的顾客/);
    expect((await h.say(contactOf(owner), `#${chen.code} 兑换 2000`))[0]).toMatch(/一次最多可以兑换 1000 积分/);
    expect((await h.say(contactOf(owner), `#${chen.code} 调整 +100 补偿`))[0]).toMatch(/只能由店长/);
    expect((await h.say(contactOf(owner), `#${chen.code} 兑换 400`))[0]).toMatch(/积分不够：余额 300 分/);
    expect((await h.say(DEMO.manager, `#${chen.code} 调整 +100 生日补偿`))[0]).toMatch(/调整积分 \+100（生日补偿），现在余额 400 分/);
    expect((await h.say(contactOf(owner), `#${chen.code} 积分`))[0]).toMatch(/积分余额 400 分/);
    // A plain relay still reaches the member.
    expect((await h.say(contactOf(owner), `#${chen.code} 陈姐，杯子给您留好了`))[0]).toMatch(/已发送/);
    const audit = await h.http.get(`/admin/audit?memberId=${chen.id}&action=points.redeem`).set(bearer(h.managerToken!));
    expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('shows the member tier, balance, what expires when and the latest entries in chat (积分)', async () => {
    const [reply, ...more] = await h.say(DEMO.liu, '积分');
    expect(more).toEqual([]);
    expect(reply).toMatch(/近12个月在店里消费 ¥799.5/);
    expect(reply).toMatch(/积分余额：1200 分/);
    // Earned in November 2026: good to the end of November 2027.
    expect(reply).toMatch(/有效期到 2027年11月30日/);
    expect(reply).toMatch(/最近的积分变动/);
    expect(reply).toMatch(/调整 −99/);
    expect(reply).not.toMatch(/录错更正/);
  });

  it('serves the member their points at GET /mp/me/points and documents the routes', async () => {
    const token = await mpLogin(h, 'points-fan');
    const me = await h.http.get('/mp/me').set(bearer(token));
    const memberId = (await h.laoke.ds.getRepository(Member).findOneByOrFail({ code: me.body.code })).id;
    await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ memberId, purchasedAt: '2026-11-22T09:00:00+08:00', items: '帽子', amount: 88 });
    const r = await h.http.get('/mp/me/points').set(bearer(token));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      balance: 88,
      expiring: [{ date: '2027-11-30', points: 88 }],
      entries: [{ kind: 'earned', label: '购物获得', points: 88, balanceAfter: 88, at: expect.any(String) }],
    });
    expect((await h.http.get('/mp/me/points')).status).toBe(401);
    const doc = (await h.http.get('/openapi.json')).body;
    expect(doc.paths['/mp/me/points'].get).toBeDefined();
    expect(doc.paths['/admin/members/{id}/points'].get).toBeDefined();
    expect(doc.paths['/admin/members/{id}/points/redemptions'].post).toBeDefined();
    expect(doc.paths['/admin/members/{id}/points/adjustments'].post).toBeDefined();
  });
});
