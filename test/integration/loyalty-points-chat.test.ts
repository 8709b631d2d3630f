import { Member } from '../../src/members/member.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** 积分 in chat: the member's tier and 12-month spend. */
describe('积分 in chat', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers with the tier and the 12-month spend instead of forwarding the word to the assistant', async () => {
    const zhao = await h.laoke.ds.getRepository(Member).findOneByOrFail({ nickname: '赵阿姨' });
    const recorded = await h.http
      .post('/admin/purchases')
      .set(bearer(h.managerToken!))
      .send({ memberId: zhao.id, purchasedAt: '2026-11-20T15:00:00+08:00', items: '羊绒大衣', amount: 12000 });
    expect(recorded.status).toBe(201);
    const assistant = (await h.laoke.services.members.assistantOf(zhao))!;
    const toAssistant = (await h.sentTo(assistant.wechatContactId!)).length;
    const [reply, ...more] = await h.say(DEMO.zhao, '积分');
    expect(more).toEqual([]);
    expect(reply).toMatch(/银卡会员/);
    expect(reply).toMatch(/¥12000/);
    expect(reply).toMatch(/再消费 ¥8000 就能升级为金卡会员/);
    expect(reply).not.toMatch(/silver|gold|none/);
    expect(await h.sentTo(assistant.wechatContactId!)).toHaveLength(toAssistant);
  });
});
