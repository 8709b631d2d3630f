import { Complaint } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import { Staff } from '../../src/staff';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';

/** Chinese typed the way people type it, through the mock puppet (issue 10). */
describe('Chinese as people type it, in chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(['完成', '没了', '就这些', '说完了', 'ok', '好了，谢谢'])('ends a complaint description when the member says %s', async (done) => {
    const who = { id: `wx-done-${done}`, name: '顾客' };
    await h.say(who, '你好');
    await h.say(who, '2'); // no profile: complaints work without one
    await h.say(who, '投诉 昨天买的杯子有裂缝');
    const [reply] = await h.say(who, done);
    expect(reply).toMatch(/商品质量/); // the category menu: the description is finished
    await h.say(who, '1');
    await h.say(who, '没有');
    const [filed] = await h.say(who, '没有');
    const ticketNo = /T\d{8}-\d{4}/.exec(filed)![0];
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
    expect(c.description).toBe('昨天买的杯子有裂缝');
  });

  it('takes a name given as a sentence, a foreign name with any middle dot, and trailing punctuation', async () => {
    const who = { id: 'wx-name-sentence', name: '新朋友' };
    await h.say(who, '你好');
    await h.say(who, '1');
    expect((await h.say(who, '我叫王芳。'))[0]).toMatch(/好的王芳。再请留一个手机号/);
    expect((await h.say(who, '138-0013-8000'))[0]).toMatch(/138\*\*\*\*8000/);
    expect((await h.memberOf(who.id)).name).toBe('王芳');
    await h.say(who, '资料 修改');
    expect((await h.say(who, '阿依•古丽'))[0]).toMatch(/好的阿依·古丽/);
    expect((await h.say(who, '１３９－００１３－８０００'))[0]).toMatch(/139\*\*\*\*8000/);
    const m = await h.memberOf(who.id);
    expect(m.name).toBe('阿依·古丽');
    expect(h.laoke.services.members.phoneOf(m)).toBe('13900138000');
  });

  it('asks back instead of guessing when a birthday could be solar or lunar, and takes 腊月初八 as lunar', async () => {
    await h.say(DEMO.zhao, '生日');
    expect((await h.say(DEMO.zhao, '三月十五'))[0]).toMatch(/公历还是农历/);
    expect((await h.say(DEMO.zhao, '腊月初八。'))[0]).toMatch(/记下啦：农历腊月初八/);
    const m = await h.memberOf(DEMO.zhao.id);
    expect([m.birthdayCalendar, m.birthMonth, m.birthDay]).toEqual(['lunar', 12, 8]);
  });

  it('answers a voice message with one reply, and tells the assistant', async () => {
    const before = (await h.sentTo(DEMO.lili.id)).length + (await h.sentTo(DEMO.zhangmin.id)).length;
    const { replies } = await h.chat.send(DEMO.chen, 'voice');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/收到您的语音，已经转给您的导购/);
    expect((await h.sentTo(DEMO.lili.id)).length + (await h.sentTo(DEMO.zhangmin.id)).length).toBe(before + 1);
  });

  it('after 绑定 stops asking for the consent given in the mini-program and says what changed', async () => {
    const who = { id: 'wx-bind-consent', name: '小程序用户' };
    expect((await h.say(who, '你好')).join('\n')).toMatch(/回复 1 同意/);
    const chatMember = await h.memberOf(who.id);

    const token = await mpLogin(h, 'bind-consent');
    const auth = { Authorization: `Bearer ${token}` };
    const mpCode = (await h.http.get('/mp/me').set(auth)).body.code as string;
    const mpMember = await h.laoke.ds.getRepository(Member).findOneByOrFail({ code: mpCode });
    // The mini-program account was looked after by another assistant than the chat contact.
    const assistants = await h.laoke.ds.getRepository(Staff).findBy({ role: 'assistant' });
    const other = assistants.find((a) => a.id !== chatMember.assistantId)!;
    await h.laoke.ds.getRepository(Member).update({ id: mpMember.id }, { assistantId: other.id });
    await h.http.patch('/mp/me').set(auth).send({ name: '林女士', consents: { profile: true } }).expect(200);
    const code = (await h.http.post('/mp/me/binding-code').set(auth).send()).body.code as string;

    const replies = await h.say(who, `绑定 ${code}`);
    const said = replies.join('\n');
    expect(said).toMatch(/绑定好啦/);
    expect(said).not.toMatch(/回复 1 同意/);
    // The member code of the mini-program changed to the chat one: say so.
    expect(mpCode).not.toBe(chatMember.code);
    expect(said).toContain(mpCode);
    expect(said).toContain(chatMember.code);
    const assistant = (await h.laoke.services.members.assistantOf(chatMember))!;
    expect(said).toMatch(new RegExp(`专属导购是${assistant.name}（小程序里原来是${other.name}）`));
    expect(said).toContain('资料 修改');

    // The next message is an ordinary message, not an answer to the consent question.
    const [next] = await h.say(who, '你们周末几点开门');
    expect(next).not.toMatch(/同意/);
    expect(next).toMatch(/转给您的导购/);
  });
});
