import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { MemberConsent } from '../../src/members/member-consent.entity';
import { Member } from '../../src/members/member.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

describe('members onboarding themselves in chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const xiaowang = { id: 'wx-xiaowang', name: '小王' };

  it('creates a member on first message, welcomes them naming their assistant, and asks for consent', async () => {
    const replies = await h.say(xiaowang, '你好');
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/小王/);
    expect(replies[0]).toMatch(/李丽|张敏/);
    expect(replies[1]).toMatch(/回复 1 同意/);
    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId: xiaowang.id });
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
    expect(member.code).toMatch(/^M\d{6}$/);
    expect(member.assistantId).not.toBeNull();
    // The bot wrote its member code as the contact's remark.
    expect(h.world.aliasOf(xiaowang.id)).toBe(member.code);
  });

  it('collects name and phone after consent, records the consent, and corrects bad input kindly', async () => {
    expect(await h.say(xiaowang, '1')).toEqual([expect.stringMatching(/怎么称呼/)]);
    expect((await h.say(xiaowang, '王123'))[0]).toMatch(/不要带数字/);
    expect((await h.say(xiaowang, '王女士'))[0]).toMatch(/手机号/);
    expect((await h.say(xiaowang, '138 1234'))[0]).toMatch(/位数不够/);
    const done = await h.say(xiaowang, '+86 １３８ １２３４ ５６７８');
    expect(done[0]).toMatch(/138\*\*\*\*5678/);
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '王女士' });
    expect(member.phoneEnc).not.toContain('13812345678');
    expect(h.laoke.services.members.phoneOf(member)).toBe('13812345678');
    const consent = await h.laoke.ds.getRepository(MemberConsent).findOneByOrFail({ memberId: member.id, purpose: 'profile' });
    expect(consent.statement).toMatch(/手机号/);
    expect(consent.grantedAt.toISOString()).toBe(h.clock.now().toISOString());
  });

  it('shows the profile with the phone masked', async () => {
    const [profile] = await h.say(xiaowang, '资料');
    expect(profile).toMatch(/王女士/);
    expect(profile).toMatch(/138\*\*\*\*5678/);
    expect(profile).not.toMatch(/13812345678/);
  });

  it('takes a lunar birthday when the member offers it, and refuses an impossible one', async () => {
    expect((await h.say(xiaowang, '生日'))[0]).toMatch(/公历农历都可以/);
    expect((await h.say(xiaowang, '2月30日'))[0]).toMatch(/不存在/);
    expect((await h.say(xiaowang, '农历八月十五'))[0]).toMatch(/农历八月十五/);
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '王女士' });
    expect([member.birthdayCalendar, member.birthMonth, member.birthDay]).toEqual(['lunar', 8, 15]);
  });

  it('opts out and back in, confirming both', async () => {
    expect((await h.say(xiaowang, '退订'))[0]).toMatch(/已为您退订/);
    expect((await h.say(xiaowang, '退订'))[0]).toMatch(/已经退订过/);
    expect((await h.say(xiaowang, '订阅'))[0]).toMatch(/已恢复订阅/);
  });

  it('forwards 人工 and unknown messages to the member’s assistant and tells the member', async () => {
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '王女士' });
    const assistant = await h.laoke.services.members.assistantOf(member);
    const assistantContact = assistant!.wechatContactId!;
    const before = (await h.sentTo(assistantContact)).length;
    expect((await h.say(xiaowang, '这件外套还有M码吗'))[0]).toMatch(new RegExp(`转给您的导购${assistant!.name}`));
    expect((await h.say(xiaowang, '人工'))[0]).toMatch(/请导购/);
    const toAssistant = (await h.sentTo(assistantContact)).slice(before);
    expect(toAssistant).toHaveLength(2);
    expect(toAssistant[0]).toContain('这件外套还有M码吗');
    expect(toAssistant[0]).toContain(member.code);
  });

  it('lets the assistant answer the member through the store account', async () => {
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '王女士' });
    const assistant = (await h.laoke.services.members.assistantOf(member))!;
    const from = assistant.id === 2 ? DEMO.lili : DEMO.zhangmin;
    const [confirm] = await h.say(from, `#${member.code} 有的，给您留一件`);
    expect(confirm).toMatch(/已发送/);
    const toMember = await h.sentTo(xiaowang.id);
    expect(toMember[toMember.length - 1]).toMatch(/有的，给您留一件[\s\S]*导购/);
  });
});

describe('a restart in the middle of a dialog', () => {
  it('continues where the member was when the service comes back', async () => {
    const h = await startHarness();
    try {
      const member = { id: 'wx-restart', name: '阿May' };
      await h.say(member, '在吗');
      await h.say(member, '1');
      await h.restart();
      // The dialog was waiting for a name; after the restart the next message is taken as the name.
      const replies = await h.say(member, '梅女士');
      expect(replies[0]).toMatch(/梅女士[\s\S]*手机号/);
    } finally {
      await h.close();
    }
  });
});

describe('a first message that asks for something', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('starts the complaint at once when a new contact’s first word is 投诉, after the welcome', async () => {
    const replies = await h.say({ id: 'wx-first-complaint', name: '阿强' }, '投诉');
    expect(replies[0]).toMatch(/欢迎/);
    expect(replies.slice(1).join('\n')).toMatch(/抱歉|对不起/);
    expect(replies.join('\n')).not.toMatch(/回复 1 同意/);
  });

  it('forwards a first question to the assistant, then asks for consent', async () => {
    const replies = await h.say({ id: 'wx-first-question', name: '小美' }, '请问周末几点关门？');
    expect(replies).toHaveLength(3);
    expect(replies[0]).toMatch(/欢迎/);
    expect(replies[1]).toMatch(/转给您的导购/);
    expect(replies[2]).toMatch(/回复 1 同意/);
  });

  it('answers a bare hello with the welcome and the consent question only', async () => {
    const replies = await h.say({ id: 'wx-first-hello', name: '老周' }, '在吗？');
    expect(replies).toHaveLength(2);
    expect(replies[1]).toMatch(/回复 1 同意/);
  });
});

describe('a member who opted out', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('still gets answers to their own messages and can still file a complaint (DOMAIN: opt-out blocks only proactive messages)', async () => {
    expect((await h.say(DEMO.liu, '退订'))[0]).toMatch(/已为您退订/);
    expect((await h.say(DEMO.liu, '资料'))[0]).toMatch(/我们为您保存的信息/);
    expect((await h.say(DEMO.liu, '这双鞋有43码吗'))[0]).toMatch(/转给您的导购/);
    expect((await h.say(DEMO.liu, '投诉')).join('\n')).toMatch(/抱歉|对不起/);
    expect((await h.memberOf(DEMO.liu.id)).optedOut).toBe(true);
  });
});
