import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { Member } from '../../src/members/member.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/** Staff answering members through the store account: `#M000123 内容`, and the staff help. */
describe('staff relay (#M… 内容)', () => {
  let h: Harness;
  let chen: Member;
  let owner: Staff;
  let other: Staff;
  const contactOf = (s: Staff) => ({ id: s.wechatContactId!, name: s.name });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    owner = (await h.laoke.services.members.assistantOf(chen))!;
    other = (await h.laoke.services.staff.assistants()).find((s) => s.id !== owner.id)!;
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses to message a member when the assistant is not theirs, and sends nothing', async () => {
    const before = (await h.sentTo(DEMO.chen.id)).length;
    const [reply] = await h.say(contactOf(other), `#${chen.code} 陈姐，新款到了，来看看吧`);
    expect(reply).toMatch(/不是您负责的顾客/);
    expect(reply).toContain(owner.name);
    expect(reply).not.toMatch(/13800138001|陈女士/);
    expect(await h.sentTo(DEMO.chen.id)).toHaveLength(before);
  });

  it('delivers the message when the assistant or a manager writes to the member', async () => {
    expect((await h.say(contactOf(owner), `#${chen.code} 陈姐您好，衣服到货了`))[0]).toMatch(/已发送/);
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/衣服到货了[\s\S]*导购/);
    expect((await h.say(DEMO.manager, `#${chen.code} 您好，我是店长`))[0]).toMatch(/已发送/);
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/我是店长/);
  });

  it('tells the assistant a relay may have arrived, rather than that it failed, when the send fails after the text left', async () => {
    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ memberId: chen.id });
    const delivered = h.world.deliveredTo(identity.contactId).length;
    h.world.failNextSend(identity.contactId, 'fail_after_delivery');
    const [reply] = await h.say(contactOf(owner), `#${chen.code} 陈姐，裤脚改好了`);
    expect(reply).toMatch(/不确定对方有没有收到/);
    expect(reply).not.toMatch(/没有发出/);
    expect(h.world.deliveredTo(identity.contactId).slice(delivered)).toEqual([expect.stringContaining('裤脚改好了')]);
  });

  it('lists the manager’s approval words in the staff help', async () => {
    const [help] = await h.say(contactOf(owner), '帮助');
    expect(help).toMatch(/批准/);
    expect(help).toMatch(/驳回/);
  });
});
