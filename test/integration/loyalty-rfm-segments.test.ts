import { seasonStartOn, addDays } from '../../src/care/occasion-calendar';
import type { ScoringResult } from '../../src/loyalty/segments/rfm-scoring';
import { MemberSegmentChange } from '../../src/loyalty/segments/member-segment-change.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Ten members whose recency, frequency and spend ranks are all different, so the quintile scores are
 * known exactly: among 10, ranks 1–2 score 1, 3–4 score 2, 5–6 score 3, 7–8 score 4, 9–10 score 5.
 * [recency rank, frequency rank = purchases, money rank = spend in thousands of yuan] → expected segment.
 */
const POPULATION: Record<string, { r: number; f: number; m: number; expect: { recency: number; frequency: number; monetary: number; segment: string } }> = {
  m1: { r: 10, f: 10, m: 10, expect: { recency: 5, frequency: 5, monetary: 5, segment: 'high_value' } },
  m2: { r: 9, f: 9, m: 9, expect: { recency: 5, frequency: 5, monetary: 5, segment: 'high_value' } },
  m3: { r: 8, f: 2, m: 8, expect: { recency: 4, frequency: 1, monetary: 4, segment: 'potential' } },
  m4: { r: 7, f: 3, m: 7, expect: { recency: 4, frequency: 2, monetary: 4, segment: 'potential' } },
  m5: { r: 2, f: 8, m: 6, expect: { recency: 1, frequency: 4, monetary: 3, segment: 'general' } },
  m6: { r: 1, f: 1, m: 1, expect: { recency: 1, frequency: 1, monetary: 1, segment: 'low_value' } },
  m7: { r: 3, f: 4, m: 2, expect: { recency: 2, frequency: 2, monetary: 1, segment: 'low_value' } },
  m8: { r: 6, f: 5, m: 5, expect: { recency: 3, frequency: 3, monetary: 3, segment: 'general' } },
  m9: { r: 5, f: 6, m: 3, expect: { recency: 3, frequency: 3, monetary: 2, segment: 'general' } },
  m10: { r: 4, f: 7, m: 4, expect: { recency: 2, frequency: 4, monetary: 2, segment: 'low_value' } },
};

const NOW = '2026-11-22T10:00:00+08:00';
const daysBefore = (days: number, from = NOW) => new Date(new Date(from).getTime() - days * 86_400_000).toISOString();

describe('RFM segments (nightly scoring)', () => {
  let h: Harness;
  const ids: Record<string, number> = {};
  let liliId: number;
  let zhangminId: number;
  let liliToken: string;

  const score = async () => (await h.http.post('/dev/jobs/loyalty-rfm/run')).body.result as ScoringResult;
  const segmentOf = async (key: string) => (await h.http.get(`/admin/members/${ids[key]}/segment`).set(bearer(h.managerToken!))).body;

  beforeAll(async () => {
    h = await startHarness({ now: NOW });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    zhangminId = (await h.laoke.services.staff.findByName('张敏'))!.id;
    liliToken = await h.laoke.services.staff.issueToken(liliId);
    const purchases: Record<string, unknown>[] = [];
    for (const [key, p] of Object.entries(POPULATION)) {
      const m = await h.laoke.services.members.create({ name: `顾客${key}`, source: 'staff' });
      // m1–m5 are 李丽's, m6–m10 张敏's.
      await h.laoke.ds.getRepository(Member).update({ id: m.id }, { assistantId: Number(key.slice(1)) <= 5 ? liliId : zhangminId });
      ids[key] = m.id;
      // The last purchase (11 - r) × 10 days ago; the others a day apart before it, 1 yuan each; the last holds the rest.
      const last = (11 - p.r) * 10;
      for (let i = 0; i < p.f; i++) {
        const amount = i === 0 ? p.m * 1000 - (p.f - 1) : 1;
        purchases.push({ memberId: m.id, purchasedAt: daysBefore(last + i), items: '衬衫', amount, idempotencyKey: `${key}-${i}` });
      }
    }
    const recorded = await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ purchases });
    expect(recorded.status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it('scores recency, frequency and money in quintiles among members who bought, and assigns the segment', async () => {
    const result = await score();
    expect(result).toMatchObject({ scored: 10, lapsed: 0, changed: 10, segmentChanges: 10 });
    for (const [key, p] of Object.entries(POPULATION)) {
      expect({ key, ...(await segmentOf(key)) }).toMatchObject({ key, ...p.expect });
    }
    // Members who never bought (the demo store's three) are not scored.
    const chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    expect((await h.http.get(`/admin/members/${chen.id}/segment`).set(bearer(h.managerToken!))).body).toMatchObject({ segment: null, history: [] });
  });

  it('writes nothing and records no change when nothing moved since the last night', async () => {
    const result = await score();
    expect(result).toMatchObject({ scored: 10, changed: 0, segmentChanges: 0 });
    expect(await h.laoke.ds.getRepository(MemberSegmentChange).count()).toBe(10);
  });

  it('turns high-value members whose visits thin out at-risk, keeps the history, and lists them for their assistant', async () => {
    // A week later everyone else buys again: m1 and m2 are still frequent and big, but no longer recent.
    h.clock.set(new Date('2026-11-29T10:00:00+08:00'), { freeze: true });
    const again = Object.keys(POPULATION)
      .filter((k) => k !== 'm1' && k !== 'm2')
      .map((k, i) => ({ memberId: ids[k], purchasedAt: daysBefore(1 + i, '2026-11-29T10:00:00+08:00'), items: '袜子', amount: 1, idempotencyKey: `again-${k}` }));
    expect((await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ purchases: again })).status).toBe(201);
    await score();
    const m1 = await segmentOf('m1');
    expect(m1).toMatchObject({ segment: 'at_risk', frequency: 5, monetary: 5 });
    expect(m1.recency).toBeLessThan(4);
    expect(m1.history.map((x: { fromSegment: string | null; toSegment: string }) => [x.fromSegment, x.toSegment])).toEqual([
      ['high_value', 'at_risk'],
      [null, 'high_value'],
    ]);
    expect((await segmentOf('m2')).segment).toBe('at_risk');

    const lili = await h.laoke.services.loyalty.atRiskHighValueMembers(liliId);
    expect(lili.map((m) => m.code).sort()).toEqual([ids.m1, ids.m2].map((id) => `M${String(id).padStart(6, '0')}`).sort());
    expect(lili[0]).toMatchObject({ assistantId: liliId, name: expect.stringMatching(/^顾客m[12]$/), atRiskSince: new Date('2026-11-29T02:00:00.000Z') });
    expect(await h.laoke.services.loyalty.atRiskHighValueMembers(zhangminId)).toEqual([]);
    expect(await h.laoke.services.loyalty.atRiskHighValueMembers()).toHaveLength(2);
  });

  it('filters the staff member search by segment (an assistant sees only their own members)', async () => {
    const search = (token: string, q: string) => h.http.get(`/admin/members?${q}`).set(bearer(token));
    const atRisk = await search(h.managerToken!, 'segment=at_risk');
    expect(atRisk.status).toBe(200);
    expect(atRisk.body.items.map((m: { id: number }) => m.id).sort()).toEqual([ids.m1, ids.m2].sort());
    const potential = await search(h.managerToken!, 'segment=potential&pageSize=50');
    expect(potential.body.total).toBe((await h.laoke.ds.query("SELECT COUNT(*) AS n FROM member_segment WHERE segment = 'potential'"))[0].n * 1);
    const lowForLili = await search(liliToken, 'segment=low_value');
    for (const m of lowForLili.body.items as { assistant: { id: number } }[]) expect(m.assistant.id).toBe(liliId);
    const lowAll = await search(h.managerToken!, 'segment=low_value');
    expect(lowAll.body.items.length).toBeGreaterThan(lowForLili.body.items.length);
    const bad = await search(h.managerToken!, 'segment=vip');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'segment' });
    // An assistant cannot read another assistant's member's scores.
    expect((await h.http.get(`/admin/members/${ids.m6}/segment`).set(bearer(liliToken))).status).toBe(403);
    expect((await h.http.get(`/admin/members/${ids.m1}/segment`).set(bearer(liliToken))).status).toBe(200);
  });

  it('gives low-value members only automated, low-frequency care: no season greeting, no long-time-no-see', async () => {
    let day = '2027-01-25';
    while (!seasonStartOn(day)) day = addDays(day, 1);
    const low = (await h.laoke.ds.query("SELECT memberId FROM member_segment WHERE segment = 'low_value'")).map((r: { memberId: number }) => Number(r.memberId));
    expect(low.length).toBeGreaterThan(0);
    await h.laoke.services.care.planner.planDay(day);
    const seasonRows = await h.laoke.ds.getRepository(OutboxMessage).find({ where: { occasion: 'season', occasionDate: day } });
    const planned = new Set(seasonRows.map((r) => r.memberId));
    for (const id of low) expect(planned.has(id)).toBe(false);
    for (const key of ['m1', 'm2', 'm3', 'm8']) expect(planned.has(ids[key])).toBe(true);
    // Birthdays are automated and once a year: low-value members keep them (not in lowValueSkips).
  });

  it('scores a member who stopped buying 1/1/1, low-value, with the change in the history', async () => {
    // Fourteen months on, only m3 bought again: everyone else's purchases left the 12-month window.
    h.clock.set(new Date('2028-01-29T10:00:00+08:00'), { freeze: true });
    await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ memberId: ids.m3, purchasedAt: '2028-01-20T10:00:00+08:00', items: '外套', amount: 800 });
    const result = await score();
    expect(result).toMatchObject({ scored: 1, lapsed: 9 });
    expect(await segmentOf('m1')).toMatchObject({ segment: 'low_value', recency: 1, frequency: 1, monetary: 1 });
    const m1History = await h.laoke.ds.getRepository(MemberSegmentChange).find({ where: { memberId: ids.m1 }, order: { id: 'ASC' } });
    expect(m1History.map((x) => x.toSegment)).toEqual(['high_value', 'at_risk', 'low_value']);
    // The one member who bought is the whole population now: every rank is 1, so every score is 1.
    expect(await segmentOf('m3')).toMatchObject({ recency: 1, frequency: 1, monetary: 1, segment: 'low_value' });
  });
});
