import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import { startHarness, type Harness } from '../support/harness';

/** Recording purchases through the staff API, and what they do to a member: last purchase, lifecycle, tier. */
describe('staff API: recording purchases', () => {
  let h: Harness;
  let manager: string;
  let lili: string;
  let chen: Member;
  let liu: Member;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const member = (id: number) => h.laoke.ds.getRepository(Member).findOneByOrFail({ id });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    manager = h.managerToken!;
    lili = await h.laoke.services.staff.issueToken(2);
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    liu = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '刘先生' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('records one purchase found by phone, marks it the first, and makes the member new', async () => {
    const res = await h.http
      .post('/admin/purchases')
      .set(bearer(lili))
      .send({ phone: '13800138001', purchasedAt: '2026-11-20T14:32:00+08:00', items: '羊毛大衣', category: '外套', amount: 1299.5, store: '南京路店' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 1, duplicates: 0, results: [{ index: 0, memberId: chen.id, status: 'created' }] });
    expect(JSON.stringify(res.body)).not.toContain('13800138001');
    const p = await h.laoke.ds.getRepository(Purchase).findOneByOrFail({ id: res.body.results[0].id });
    expect(p).toMatchObject({ memberId: chen.id, amountFen: 129950, quantity: 1, isFirstPurchase: true, assistantId: 2, source: 'api' });
    expect(p.purchasedAt.toISOString()).toBe('2026-11-20T06:32:00.000Z');
    const m = await member(chen.id);
    expect(m.lifecycle).toBe('new');
    expect(m.lastPurchaseAt?.toISOString()).toBe('2026-11-20T06:32:00.000Z');
  });

  it('adds nothing when the same purchase is sent again, with or without a key', async () => {
    const body = { memberId: chen.id, purchasedAt: '2026-11-20T14:32:00+08:00', items: '羊毛大衣', category: '外套', amount: 1299.5, store: '南京路店' };
    const again = await h.http.post('/admin/purchases').set(bearer(lili)).send(body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ created: 0, duplicates: 1, results: [{ status: 'duplicate' }] });
    const keyed = { memberCode: chen.code, purchasedAt: '2026-11-21T10:00:00+08:00', items: '围巾', amount: 199, idempotencyKey: 'R20261121-001-1' };
    expect((await h.http.post('/admin/purchases').set(bearer(lili)).send(keyed)).body.created).toBe(1);
    expect((await h.http.post('/admin/purchases').set(bearer(lili)).send(keyed)).body.duplicates).toBe(1);
    expect(await h.laoke.ds.getRepository(Purchase).countBy({ memberId: chen.id })).toBe(2);
    const m = await member(chen.id);
    expect(m.lifecycle).toBe('regular');
    const second = await h.laoke.ds.getRepository(Purchase).findOneByOrFail({ idempotencyKey: 'api:R20261121-001-1' });
    expect(second.isFirstPurchase).toBe(false);
  });

  it('records a batch, raises the tier from the 12-month spend and queues the upgrade message', async () => {
    const res = await h.http
      .post('/admin/purchases')
      .set(bearer(manager))
      .send({
        purchases: [
          { memberId: liu.id, purchasedAt: '2026-10-01T12:00:00+08:00', items: '西装', amount: 8000, assistantId: 3 },
          { memberId: liu.id, purchasedAt: '2026-11-01T12:00:00+08:00', items: '大衣', amount: 12500, quantity: 1, assistantId: 3 },
          // Older than 12 months: history, but it does not count towards the tier.
          { memberId: liu.id, purchasedAt: '2025-10-01T12:00:00+08:00', items: '皮鞋', amount: 30000 },
        ],
      });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(3);
    const m = await member(liu.id);
    expect(m.tier).toBe('gold');
    expect(m.lifecycle).toBe('regular');
    const first = await h.laoke.ds.getRepository(Purchase).findOneByOrFail({ memberId: liu.id, items: '皮鞋' });
    expect(first.isFirstPurchase).toBe(true);
    const queued = await h.laoke.ds.getRepository(OutboxMessage).findBy({ memberId: liu.id, occasion: 'tier_upgrade' });
    expect(queued).toHaveLength(1);
    expect(queued[0].text).toMatch(/金卡/);
    expect(queued[0].text).toMatch(/刘先生/);
  });

  it('shows purchases and the spend summary in the member detail', async () => {
    const res = await h.http.get(`/admin/members/${liu.id}`).set(bearer(manager));
    expect(res.body.purchases.summary).toMatchObject({ count: 3, totalFen: 5_050_000, spend12mFen: 2_050_000 });
    expect(res.body.purchases.recent.map((p: { items: string }) => p.items)).toEqual(['大衣', '西装', '皮鞋']);
    expect(res.body.purchases.recent[0]).toMatchObject({ amount: 12500, amountFen: 1_250_000 });
  });

  it('lets tiers fall and members go dormant in the nightly job as time passes', async () => {
    h.clock.set(new Date('2027-11-05T03:00:00+08:00'), { freeze: true });
    const result = (await h.laoke.scheduler.runNow('purchases-segments')) as { changed: number };
    expect(result.changed).toBeGreaterThanOrEqual(2);
    const m = await member(liu.id);
    expect([m.tier, m.lifecycle]).toEqual(['none', 'dormant']);
    expect((await member(chen.id)).lifecycle).toBe('dormant');
    // A new purchase wakes the member up again.
    await h.http.post('/admin/purchases').set(bearer(manager)).send({ memberId: liu.id, purchasedAt: '2027-11-04T12:00:00+08:00', items: '手套', amount: 99 });
    expect((await member(liu.id)).lifecycle).toBe('regular');
    h.clock.set(new Date('2026-11-22T10:00:00+08:00'), { freeze: true });
  });

  it('refuses an assistant recording for another assistant’s member (403), and records nothing', async () => {
    const before = await h.laoke.ds.getRepository(Purchase).count();
    const res = await h.http.post('/admin/purchases').set(bearer(lili)).send({ memberId: liu.id, purchasedAt: '2026-11-20T14:32:00+08:00', items: '大衣', amount: 1 });
    expect(res.status).toBe(403);
    expect(await h.laoke.ds.getRepository(Purchase).count()).toBe(before);
  });

  it('says which purchase of a batch names no member, and records none of the batch', async () => {
    const before = await h.laoke.ds.getRepository(Purchase).count();
    const res = await h.http
      .post('/admin/purchases')
      .set(bearer(manager))
      .send({
        purchases: [
          { memberId: chen.id, purchasedAt: '2026-11-20T15:00:00+08:00', items: '帽子', amount: 59 },
          { phone: '13700000000', purchasedAt: '2026-11-20T15:00:00+08:00', items: '帽子', amount: 59 },
          { memberCode: 'M999999', purchasedAt: '2026-11-20T15:00:00+08:00', items: '帽子', amount: 59 },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'purchases.1.phone', code: 'unknown_member' }),
      expect.objectContaining({ path: 'purchases.2.memberCode', code: 'unknown_member' }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('13700000000');
    expect(await h.laoke.ds.getRepository(Purchase).count()).toBe(before);
  });

  it('validates every field and rejects unknown ones, naming the field', async () => {
    const base = { memberId: chen.id, purchasedAt: '2026-11-20T15:00:00+08:00', items: '帽子', amount: 59 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, amount: 59.999 }, 'amount'],
      [{ ...base, amount: -1 }, 'amount'],
      [{ ...base, quantity: 0 }, 'quantity'],
      [{ ...base, purchasedAt: '2026-11-20 15:00' }, 'purchasedAt'],
      [{ ...base, memberCode: chen.code }, 'memberId'],
      [{ ...base, discount: 5 }, ''],
      [{ purchases: [{ ...base, items: '' }] }, 'purchases.0.items'],
      [{ purchases: [] }, 'purchases'],
    ];
    for (const [body, path] of cases) {
      const res = await h.http.post('/admin/purchases').set(bearer(manager)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const admin = await h.laoke.services.staff.create({ name: '管理员', role: 'admin' });
    expect((await h.http.post('/admin/purchases').set(bearer(await h.laoke.services.staff.issueToken(admin.id))).send(base)).status).toBe(403);
    expect((await h.http.post('/admin/purchases').send(base)).status).toBe(401);
  });

  it('writes purchases to the audit log', async () => {
    const res = await h.http.get('/admin/audit').query({ action: 'purchase.create', memberId: chen.id }).set(bearer(manager));
    expect(res.body.total).toBeGreaterThanOrEqual(2);
    expect(res.body.items[0].details.purchaseIds.length).toBeGreaterThan(0);
  });

  it('documents the purchase routes in /openapi.json', async () => {
    const doc = (await h.http.get('/openapi.json')).body;
    expect(doc.paths['/admin/purchases'].post.requestBody.content['application/json']).toBeDefined();
    expect(doc.paths['/admin/purchases/import'].post.requestBody.content['text/csv']).toBeDefined();
    expect(doc.paths['/admin/purchases'].post.responses['201']).toBeDefined();
  });
});
