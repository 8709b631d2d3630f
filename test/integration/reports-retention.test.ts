import { MemberLoss } from '../../src/loyalty/lifecycle/member-loss.entity';
import { Member } from '../../src/members/member.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { startHarness, type Harness } from '../support/harness';

/** Store time, Asia/Shanghai (+08:00). */
const at = (local: string) => new Date(`${local}+08:00`);

/**
 * GET /admin/reports/retention and its CSV over a store whose every member is known, two weeks
 * (Monday 2026-11-09 to Sunday 2026-11-22), DORMANT_AFTER_DAYS 90. Each figure is what it must be:
 *   week 1: at start 5 (阿美 2, 小北 2, none 1); 小北's new member joins and removes the account; 阿美 loses one
 *           and one of hers buys again after 101 days;
 *   week 2: 阿美 gains one; 小北's member lost in week 1 adds the store again, another erases their data,
 *           a third turns dormant (last purchase 90 days before, none since).
 */
describe('retention report', () => {
  let h: Harness;
  let amei: Staff;
  let xiaobei: Staff;
  const tokens: Record<string, string> = {};
  const NOW = at('2026-11-22T10:00:00');
  const get = (path: string, who: string) => h.http.get(path).set('Authorization', `Bearer ${tokens[who]}`);

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00', seed: false });
    const staff = h.laoke.services.staff;
    const manager = await staff.create({ name: '王店长', role: 'manager' });
    amei = await staff.create({ name: '阿美', role: 'assistant' });
    xiaobei = await staff.create({ name: '小北', role: 'assistant' });
    const admin = await staff.create({ name: '管理员', role: 'admin' });
    for (const [k, s] of Object.entries({ manager, amei, xiaobei, admin })) tokens[k] = await staff.issueToken(s.id, { label: 'test' });

    const ds = h.laoke.ds;
    let n = 0;
    const add = async (fields: Partial<Member>) => {
      n += 1;
      const row = ds.getRepository(Member).create({ code: `M80000${n}`, name: `会员${n}`, source: 'staff', tier: 'none', lifecycle: 'regular', optedOut: false, createdAt: NOW, updatedAt: NOW, ...fields });
      return (await ds.getRepository(Member).save(row)).id;
    };
    let key = 0;
    const buy = (memberId: number, when: Date) =>
      ds.getRepository(Purchase).insert({ memberId, purchasedAt: when, items: '围巾', category: null, quantity: 1, amountFen: 1000, store: null, assistantId: null, idempotencyKey: `r-${++key}`, source: 'api', isFirstPurchase: false, createdAt: when });
    const loss = (memberId: number, assistantId: number, lostAt: Date, returnedAt: Date | null) =>
      ds.getRepository(MemberLoss).insert({ memberId, assistantId, lifecycleBefore: 'regular', lostAt, returnedAt });

    const a1 = await add({ assistantId: amei.id, createdAt: at('2026-01-01T10:00:00'), lastPurchaseAt: at('2026-11-10T15:00:00') });
    await buy(a1, at('2026-08-01T10:00:00'));
    await buy(a1, at('2026-11-10T15:00:00'));
    const a2 = await add({ assistantId: amei.id, createdAt: at('2026-03-01T10:00:00'), lifecycle: 'lost' });
    await loss(a2, amei.id, at('2026-11-11T09:00:00'), null);
    await add({ assistantId: amei.id, createdAt: at('2026-11-17T10:00:00'), lifecycle: 'new' });
    const x1 = await add({ assistantId: xiaobei.id, createdAt: at('2026-02-01T10:00:00'), lifecycle: 'dormant', lastPurchaseAt: at('2026-08-18T12:00:00') });
    await buy(x1, at('2026-08-18T12:00:00'));
    const x2 = await add({ assistantId: xiaobei.id, createdAt: at('2026-11-10T10:00:00'), lifecycle: 'new' });
    await loss(x2, xiaobei.id, at('2026-11-12T09:00:00'), at('2026-11-18T09:00:00'));
    const x3 = await add({ assistantId: xiaobei.id, createdAt: at('2025-12-01T10:00:00'), lifecycle: 'lost' });
    await loss(x3, xiaobei.id, at('2026-10-01T09:00:00'), null);
    await add({ assistantId: xiaobei.id, createdAt: at('2026-04-01T10:00:00'), erasedAt: at('2026-11-19T10:00:00'), name: null });
    const n1 = await add({ assistantId: null, createdAt: at('2026-05-01T10:00:00'), lastPurchaseAt: at('2026-10-01T10:00:00') });
    for (const d of ['2026-08-10T00:00:00', '2026-09-01T10:00:00', '2026-10-01T10:00:00']) await buy(n1, at(d));
    await add({ assistantId: amei.id, createdAt: at('2026-01-01T10:00:00'), erasedAt: at('2026-06-01T10:00:00'), name: null });
  });

  afterAll(() => h.close());

  const zero = { atStart: 0, new: 0, lost: 0, readded: 0, erased: 0, net: 0, atEnd: 0, lapsed: 0, cameBack: 0 };
  const q = '?from=2026-11-09&to=2026-11-22&by=week';

  it('counts members kept, gained and lost per week for the whole store, and per assistant', async () => {
    const res = await get(`/admin/reports/retention${q}`, 'manager');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-11-09', to: '2026-11-22', by: 'week', dormantDays: 90 });
    expect(res.body.periods).toEqual([
      { key: '2026-11-09', from: '2026-11-09', to: '2026-11-15', ...zero, atStart: 5, new: 1, lost: 2, net: -1, atEnd: 4, cameBack: 1, retentionRate: 80 },
      { key: '2026-11-16', from: '2026-11-16', to: '2026-11-22', ...zero, atStart: 4, new: 1, readded: 1, erased: 1, net: 1, atEnd: 5, lapsed: 1, retentionRate: 75 },
    ]);
    expect(res.body.totals).toEqual({ ...zero, atStart: 5, new: 2, lost: 2, readded: 1, erased: 1, net: 0, atEnd: 5, lapsed: 1, cameBack: 1, retentionRate: 60 });
    expect(res.body.assistants).toEqual([
      { assistantId: amei.id, name: '阿美', ...zero, atStart: 2, new: 1, lost: 1, net: 0, atEnd: 2, cameBack: 1, retentionRate: 50 },
      { assistantId: xiaobei.id, name: '小北', ...zero, atStart: 2, new: 1, lost: 1, readded: 1, erased: 1, net: 0, atEnd: 2, lapsed: 1, retentionRate: 50 },
      { assistantId: null, name: '', ...zero, atStart: 1, atEnd: 1, retentionRate: 100 },
    ]);
  });

  it('gives an assistant only their own members, and an admin the store', async () => {
    const own = (await get(`/admin/reports/retention${q}`, 'xiaobei')).body;
    expect(own.periods.map((p: { atStart: number; new: number; lost: number; lapsed: number }) => [p.atStart, p.new, p.lost, p.lapsed])).toEqual([
      [2, 1, 1, 0],
      [2, 0, 0, 1],
    ]);
    expect(own.assistants.map((a: { name: string }) => a.name)).toEqual(['小北']);
    expect(own.totals.retentionRate).toBe(50);
    const admin = await get(`/admin/reports/retention${q}`, 'admin');
    expect(admin.status).toBe(200);
    expect(admin.body.totals.atStart).toBe(5);
  });

  it('groups by calendar month, cutting the first and last month to the range', async () => {
    const res = await get('/admin/reports/retention?from=2026-10-15&to=2026-11-22&by=month', 'manager');
    expect(res.status).toBe(200);
    expect(res.body.periods.map((p: { from: string; to: string }) => [p.from, p.to])).toEqual([
      ['2026-10-15', '2026-10-31'],
      ['2026-11-01', '2026-11-22'],
    ]);
    // November holds both weeks' flows; October none (x3 was lost on 1 October, before the range).
    expect(res.body.periods[1]).toMatchObject({ atStart: 5, new: 2, lost: 2, readded: 1, erased: 1, lapsed: 1, cameBack: 1, atEnd: 5 });
    const byDefault = await get('/admin/reports/retention', 'manager');
    expect(byDefault.body).toMatchObject({ by: 'week', to: '2026-11-22', from: '2026-08-31' });
    expect(byDefault.body.periods).toHaveLength(12);
  });

  it('refuses bad dates and ranges with a 400 JSON error', async () => {
    for (const bad of ['?from=2026-02-31', '?from=2026-11-22&to=2026-11-01', '?by=day', '?from=2024-01-01&to=2026-11-22', '?from=yesterday']) {
      const res = await get(`/admin/reports/retention${bad}`, 'manager');
      expect(res.status).toBe(400);
      expect(res.body.error).toBeDefined();
      expect((await get(`/admin/reports/retention.csv${bad}`, 'manager')).status).toBe(400);
    }
    expect((await h.http.get('/admin/reports/retention')).status).toBe(401);
  });

  it('downloads the report as CSV: UTF-8 with BOM, Chinese headers, numbers as numbers', async () => {
    const res = await get(`/admin/reports/retention.csv${q}`, 'manager').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="laoke-retention-2026-11-09_2026-11-22.csv"');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('期间,开始日期,结束日期,期初会员,新增,流失（删除好友）,重新加回,注销资料,净增,期末会员,转为沉睡,沉睡后回购,留存率（%）');
    expect(lines[1]).toBe('周,2026-11-09,2026-11-15,5,1,2,0,0,-1,4,0,1,80');
    expect(lines[3]).toBe('合计,2026-11-09,2026-11-22,5,2,2,1,1,0,5,1,1,60');
    expect(lines[4]).toBe('导购：阿美,2026-11-09,2026-11-22,2,1,1,0,0,0,2,0,1,50');
    expect(lines.at(-1)).toBe('');
    const own = (await get(`/admin/reports/retention.csv${q}`, 'amei')).text.split('\r\n');
    expect(own.filter((l) => l.startsWith('导购'))).toEqual(['导购：阿美,2026-11-09,2026-11-22,2,1,1,0,0,0,2,0,1,50']);
  });
});
