import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { SurveyResponse } from '../../src/surveys/survey-response.entity';
import type { SurveyService } from '../../src/surveys/survey.service';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { at, dispatch, memberByContact } from './outbox-fixtures';

describe('the quarterly satisfaction survey in chat', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-10-15T09:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0' } });
    const repo = h.laoke.ds.getRepository(Member);
    // 陈 chatted last month, 刘 bought something in September, 赵 has not been around for half a year.
    await repo.update({ id: (await memberByContact(h, DEMO.chen.id)).id }, { lastContactAt: at('2026-09-20T15:00:00'), lastPurchaseAt: null });
    await repo.update({ id: (await memberByContact(h, DEMO.liu.id)).id }, { lastContactAt: at('2026-03-01T15:00:00'), lastPurchaseAt: at('2026-09-02T15:00:00') });
    await repo.update({ id: (await memberByContact(h, DEMO.zhao.id)).id }, { lastContactAt: at('2026-04-01T15:00:00'), lastPurchaseAt: null });
  });
  afterAll(async () => {
    await h.close();
  });

  it('invites members active in the last 90 days once per quarter, through the outbox', async () => {
    h.clock.set(at('2026-10-15T10:00:00'), { freeze: true });
    expect(await h.laoke.scheduler.runNow('survey-plan')).toEqual({ quarter: '2026Q4', members: 2, planned: 2 });
    h.clock.set(at('2026-10-15T10:05:00'), { freeze: true });
    expect(await h.laoke.scheduler.runNow('survey-plan')).toMatchObject({ planned: 0 });
    const rows = await h.laoke.ds.getRepository(OutboxMessage).findBy({ occasion: 'satisfaction_survey' });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'queued' && r.occasionDate === '2026-10-01')).toBe(true);
  });

  it('asks the first question with the invitation and takes the answers one digit at a time', async () => {
    expect(await dispatch(h)).toMatchObject({ sent: 2 });
    const [invite] = await h.sentTo(DEMO.chen.id);
    expect(invite).toMatch(/陈女士/);
    expect(invite).toMatch(/第1题：您对商品质量满意吗/);
    expect(await h.sentTo(DEMO.zhao.id)).toEqual([]);
    expect(await h.say(DEMO.chen, '7')).toEqual(['请回 1 到 5 之间的一个数字哦。']);
    expect((await h.say(DEMO.chen, '５'))[0]).toMatch(/第2题：您对价格满意吗/);
    for (const answer of ['4', '四', '5分', '3', '4', '5']) await h.say(DEMO.chen, answer);
    expect((await h.say(DEMO.chen, '11'))[0]).toMatch(/0 到 10/);
    expect(await h.say(DEMO.chen, '9')).toEqual([expect.stringMatching(/全部答完啦/)]);
    const chen = await memberByContact(h, DEMO.chen.id);
    const answers = await h.laoke.ds.getRepository(SurveyResponse).findOneByOrFail({ memberId: chen.id, surveyKey: '2026Q4' });
    expect(answers).toMatchObject({ status: 'completed', quality: 5, price: 4, variety: 4, environment: 5, checkout: 3, display: 4, afterSales: 5, nps: 9 });
    expect(answers.completedAt!.toISOString()).toBe(at('2026-10-15T10:05:00').toISOString());
    // The survey is over: the next message goes to the assistant as usual.
    expect((await h.say(DEMO.chen, '3'))[0]).toMatch(/转给您的导购/);
  });

  it('lets a member stop midway and keeps the answers given so far', async () => {
    expect((await h.say(DEMO.liu, '4'))[0]).toMatch(/第2题/);
    expect((await h.say(DEMO.liu, '2'))[0]).toMatch(/第3题/);
    expect(await h.say(DEMO.liu, '不答了')).toEqual([expect.stringMatching(/已经答的我们都记下了/)]);
    const liu = await memberByContact(h, DEMO.liu.id);
    const answers = await h.laoke.ds.getRepository(SurveyResponse).findOneByOrFail({ memberId: liu.id, surveyKey: '2026Q4' });
    expect(answers).toMatchObject({ status: 'stopped', quality: 4, price: 2, variety: null, nps: null, completedAt: null });
  });

  it('offers the unfinished survey to the mini-program, keeping what was answered in chat', async () => {
    const surveys = h.laoke.services.surveys;
    const liu = await memberByContact(h, DEMO.liu.id);
    const zhao = await memberByContact(h, DEMO.zhao.id);
    expect(await surveys.openForMember(zhao.id)).toBeNull();
    const open = await surveys.openForMember(liu.id);
    expect(open).toMatchObject({ survey: '2026Q4', answers: { quality: 4, price: 2 } });
    expect(open!.questions).toHaveLength(8);
    await expect(surveys.answer(liu.id, { answers: { variety: 6 }, channel: 'mp' })).rejects.toMatchObject({ code: 'validation_failed' });
    const partial = await surveys.answer(liu.id, { answers: { variety: 3 }, channel: 'mp' });
    expect(partial).toMatchObject({ completed: false, answers: { quality: 4, price: 2, variety: 3 } });
    // Still partial for the report below: the chat answers and this one are kept together.
    const row = await h.laoke.ds.getRepository(SurveyResponse).findOneByOrFail({ memberId: liu.id, surveyKey: '2026Q4' });
    expect(row).toMatchObject({ status: 'open', quality: 4, price: 2, variety: 3 });
  });

  it('summarises the quarter for managers: averages per dimension, NPS, complete and partial answers', async () => {
    const res = await h.http.get('/admin/reports/satisfaction?quarter=2026Q4').set({ Authorization: `Bearer ${h.managerToken}` }).expect(200);
    expect(res.body).toMatchObject({
      quarter: '2026Q4',
      invited: 2,
      responses: 2,
      completed: 1,
      partial: 1,
      dimensions: { quality: { answers: 2, average: 4.5 }, price: { answers: 2, average: 3 }, variety: { answers: 2, average: 3.5 } },
      nps: { answers: 1, promoters: 1, passives: 0, detractors: 0, score: 100 },
    });
    const liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    const token = await h.laoke.services.staff.issueToken(liliId);
    await h.http.get('/admin/reports/satisfaction').set({ Authorization: `Bearer ${token}` }).expect(403);
  });
});
