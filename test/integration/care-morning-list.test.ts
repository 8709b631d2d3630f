import type { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { addMember, at, dispatch, drain, insertRows, outboxRow, rowFor, total } from './outbox-fixtures';

describe('the assistant’s morning list of drafts', () => {
  let h: Harness;
  let liliId: number;
  let zhangminId: number;
  const lili = DEMO.lili;
  const ms: Member[] = [];

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T08:00:00+08:00' });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    zhangminId = (await h.laoke.services.staff.findByName('张敏'))!.id;
    for (const [i, name] of ['甲女士', '乙先生', '丙女士', '丁阿姨', '戊先生'].entries()) ms.push(await addMember(h, `wx-d${i}`, name, liliId));
    ms.push(await addMember(h, 'wx-d5', '己女士', zhangminId));
  });
  afterAll(async () => {
    await h.close();
  });

  it('sends each assistant one numbered list of their own members’ drafts at the digest time', async () => {
    const rows = await insertRows(h, [
      ...ms.slice(0, 5).map((m, i) => rowFor(m, 'birthday', { draft: true, needsApproval: i === 1, text: `${m.name}生日快乐！—— 李丽` })),
      rowFor(ms[5], 'birthday', { draft: true, text: '己女士生日快乐！—— 张敏' }),
    ]);
    expect(rows.every((r) => r.status === 'draft')).toBe(true);
    h.clock.set(at('2026-11-23T09:00:00'), { freeze: true });
    const result = await h.laoke.scheduler.runNow('care-digest');
    expect(result).toEqual({ staff: 2, drafts: 6, delivered: 2, undelivered: 0, held: 0 });
    const [list] = await h.sentTo(lili.id);
    expect(list).toMatch(/李丽早上好！今天有 5 条/);
    for (const [i, m] of ms.slice(0, 5).entries()) expect(list).toContain(`${i + 1}. ${m.name}（生日`);
    expect(list).toMatch(/2\. 乙先生（生日，需您确认）/);
    expect(list).not.toContain('己女士');
    expect(list).toMatch(/全部发送/);
    expect((await h.sentTo(DEMO.zhangmin.id))[0]).toMatch(/1\. 己女士/);
    // Nobody got anything yet.
    for (let i = 0; i < 6; i++) expect(await h.sentTo(`wx-d${i}`)).toEqual([]);
  });

  it('sends, skips and rewrites drafts by number in chat, and answers clearly about wrong numbers', async () => {
    expect(await h.say(lili, '发送 1 3')).toEqual(['好的，第 1、3 条已安排发送。']);
    expect(await h.say(lili, '跳过 2')).toEqual(['好的，第 2 条不发了。']);
    const [edited] = await h.say(lili, '修改 4 丁阿姨，生日快乐！天冷了多穿点，改天来店里喝杯茶。—— 李丽');
    expect(edited).toMatch(/第 4 条已改好/);
    expect(await h.say(lili, '发送 2 9')).toEqual(['这些之前已经处理过：2（已跳过）。\n今天的清单里没有第 9 条，回复“草稿”可以再看一遍。']);
    expect(await h.say(lili, '发送')).toEqual([expect.stringMatching(/发送 1 3 5/)]);
    expect(await h.say(lili, '全部发送')).toEqual(['好的，1 条问候已安排发送，会一条条陆续发出。']);
    expect(await h.say(lili, '草稿')).toEqual(['今天没有待确认的问候了。']);
  });

  it('delivers the approved drafts once at their time, with the edited text, and never the skipped one', async () => {
    h.clock.set(at('2026-11-23T09:30:00'), { freeze: true });
    expect((await dispatch(h)).sent).toBe(0);
    h.clock.set(at('2026-11-23T10:00:00'), { freeze: true });
    const runs = await drain(h);
    expect(total(runs, 'sent')).toBe(4);
    expect(await h.sentTo('wx-d0')).toEqual(['甲女士生日快乐！—— 李丽']);
    expect(await h.sentTo('wx-d1')).toEqual([]);
    expect(await h.sentTo('wx-d2')).toEqual(['丙女士生日快乐！—— 李丽']);
    expect(await h.sentTo('wx-d3')).toEqual(['丁阿姨，生日快乐！天冷了多穿点，改天来店里喝杯茶。—— 李丽']);
    expect(await h.sentTo('wx-d4')).toEqual(['戊先生生日快乐！—— 李丽']);
    h.clock.advance(60_000);
    expect((await dispatch(h)).sent).toBe(0);
    expect((await h.sentTo('wx-d0')).length).toBe(1);
    const skipped = await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ memberId: ms[1].id });
    expect([skipped.status, skipped.reason, skipped.decidedBy]).toEqual(['skipped', 'skipped_by_assistant', liliId]);
  });

  it('at the cut-off queues unhandled auto-send drafts and drops those that needed approval', async () => {
    // 张敏 did nothing with 己女士's draft (auto-send); a new approval-required draft is also left.
    const [needs] = await insertRows(h, [rowFor(ms[5], 'long_time_no_see', { draft: true, needsApproval: true, occasionDate: '2026-11-23', dueAt: at('2026-11-23T10:00:00') })]);
    h.clock.set(at('2026-11-23T12:00:00'), { freeze: true });
    expect(await h.laoke.scheduler.runNow('care-cutoff')).toEqual({ queued: 1, skipped: 1 });
    expect(await outboxRow(h, needs.id)).toMatchObject({ status: 'skipped', reason: 'not_approved_by_cutoff' });
    await drain(h);
    expect(await h.sentTo('wx-d5')).toEqual(['己女士生日快乐！—— 张敏']);
  });

  it('offers the same actions over HTTP, and an assistant sees and decides only their own members’ drafts', async () => {
    h.clock.set(at('2026-11-24T08:00:00'), { freeze: true });
    const [mine, theirs, third] = await insertRows(h, [
      rowFor(ms[0], 'season', { draft: true, occasionDate: '2026-11-24', dueAt: at('2026-11-24T10:00:00') }),
      rowFor(ms[5], 'season', { draft: true, occasionDate: '2026-11-24', dueAt: at('2026-11-24T10:00:00') }),
      rowFor(ms[2], 'season', { draft: true, occasionDate: '2026-11-24', dueAt: at('2026-11-24T10:00:00') }),
    ]);
    const token = await h.laoke.services.staff.issueToken(liliId);
    const auth = { Authorization: `Bearer ${token}` };
    const list = await h.http.get('/admin/care/drafts').set(auth).expect(200);
    expect(list.body.date).toBe('2026-11-24');
    expect(list.body.drafts.map((d: { id: number }) => d.id).sort()).toEqual([mine.id, third.id].sort());
    expect(list.body.drafts[0]).toMatchObject({ status: 'draft', memberName: expect.any(String), occasionLabel: '换季关怀' });
    await h.http.post(`/admin/care/drafts/${theirs.id}/send`).set(auth).expect(404);
    const edited = await h.http.put(`/admin/care/drafts/${mine.id}`).set(auth).send({ text: '甲女士，立冬了，记得添衣。—— 李丽' }).expect(200);
    expect(edited.body).toMatchObject({ status: 'queued', text: '甲女士，立冬了，记得添衣。—— 李丽', decidedBy: liliId });
    await h.http.post(`/admin/care/drafts/${third.id}/skip`).set(auth).expect(200);
    const again = await h.http.post(`/admin/care/drafts/${third.id}/send`).set(auth).expect(409);
    expect(again.body.error.code).toBe('conflict');
    await h.http.put(`/admin/care/drafts/${mine.id}`).set(auth).send({ text: 'x', extra: 1 }).expect(400);
    const all = await h.http.post('/admin/care/drafts/send-all').set({ Authorization: `Bearer ${h.managerToken}` }).expect(200);
    expect(all.body).toEqual({ queued: 1 });
    expect((await outboxRow(h, theirs.id)).status).toBe('queued');
  });

  it('counts every delivered message toward its assistant’s monthly figures', async () => {
    await insertRows(h, [rowFor(ms[4], 'post_purchase', { occasionDate: '2026-11-24', dueAt: at('2026-11-24T10:00:00') })]);
    h.clock.set(at('2026-11-24T10:00:00'), { freeze: true });
    await drain(h);
    const report = await h.http.get('/admin/reports/care?month=2026-11').set({ Authorization: `Bearer ${h.managerToken}` }).expect(200);
    const byName = Object.fromEntries(report.body.assistants.map((a: { name: string }) => [a.name, a]));
    // 李丽: four birthdays on the 23rd, a season greeting and a purchase follow-up on the 24th; two drafts skipped.
    expect(byName['李丽']).toMatchObject({ greetingsSent: 5, followUpsDone: 1, surveysSent: 0, skipped: 2, failed: 0, check: 0, byOccasion: { birthday: 4, season: 1, post_purchase: 1 } });
    // 张敏: a birthday sent at the cut-off and a season greeting; the approval-required draft dropped.
    expect(byName['张敏']).toMatchObject({ greetingsSent: 2, followUpsDone: 0, skipped: 1 });
    expect(report.body.totals).toMatchObject({ greetingsSent: 7, followUpsDone: 1 });
    const token = await h.laoke.services.staff.issueToken(liliId);
    const own = await h.http.get('/admin/reports/care?month=2026-11').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(own.body.assistants.map((a: { name: string }) => a.name)).toEqual(['李丽']);
    const december = await h.http.get('/admin/reports/care?month=2026-12').set({ Authorization: `Bearer ${h.managerToken}` }).expect(200);
    expect(december.body.totals).toMatchObject({ greetingsSent: 0, followUpsDone: 0 });
    await h.http.get('/admin/reports/care?month=2026-13').set({ Authorization: `Bearer ${h.managerToken}` }).expect(400);
  });
});
