import { DEMO, startHarness, type Harness } from '../support/harness';

/** Impossible dates and the ways people type phone numbers, through the real chat dialogs. */
describe('profile input in chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const memberOf = (contactId: string) => h.memberOf(contactId);

  async function atPhoneStep(contact: { id: string; name: string }): Promise<void> {
    await h.say(contact, '你好');
    await h.say(contact, '1');
    expect((await h.say(contact, '试试'))[0]).toMatch(/手机号/);
  }

  it.each([
    ['138 1234 5678', '13812345678'],
    ['+86 139 0000 2222', '13900002222'],
    ['0086-137-0000-3333', '13700003333'],
    ['１５９　００００　４４４４', '15900004444'],
    ['我的手机是186 0000 5555', '18600005555'],
  ])('saves the phone typed as %s', async (typed, stored) => {
    const contact = { id: `wx-phone-${stored}`, name: '试试' };
    await atPhoneStep(contact);
    const replies = await h.say(contact, typed);
    expect(replies[0]).toContain(`${stored.slice(0, 3)}****${stored.slice(-4)}`);
    expect(h.laoke.services.members.phoneOf(await memberOf(contact.id))).toBe(stored);
  });

  it('corrects too few digits, too many, a landline and words, and keeps asking until a good number comes', async () => {
    const contact = { id: 'wx-phone-bad', name: '试试' };
    await atPhoneStep(contact);
    expect((await h.say(contact, '138 1234'))[0]).toMatch(/位数不够/);
    expect((await h.say(contact, '１３８１２３４５６７８９'))[0]).toMatch(/位数多了/);
    expect((await h.say(contact, '021-12345678'))[0]).toMatch(/不像大陆手机号/);
    expect((await h.say(contact, '不想给'))[0]).toMatch(/不是手机号/);
    expect((await memberOf(contact.id)).phoneEnc).toBeNull();
    expect((await h.say(contact, '+86 135 0000 6666'))[0]).toMatch(/已记好了/);
    expect(h.laoke.services.members.phoneOf(await memberOf(contact.id))).toBe('13500006666');
  });

  it('refuses 2月30日 and 2023年2月29日 kindly and stays in the birthday dialog', async () => {
    await h.say(DEMO.liu, '生日');
    expect((await h.say(DEMO.liu, '2月30日'))[0]).toMatch(/日期好像不存在/);
    expect((await h.say(DEMO.liu, '2023年2月29日'))[0]).toMatch(/日期好像不存在/);
    expect((await h.say(DEMO.liu, '2月29日'))[0]).toMatch(/记下啦：2月29日/);
    const m = await memberOf(DEMO.liu.id);
    expect([m.birthdayCalendar, m.birthYear, m.birthMonth, m.birthDay]).toEqual(['solar', null, 2, 29]);
  });

  it('refuses a lunar leap month the year does not have, and takes one it has', async () => {
    await h.say(DEMO.chen, '生日');
    expect((await h.say(DEMO.chen, '1990年农历闰三月初一'))[0]).toMatch(/没有这个闰月/);
    expect((await h.say(DEMO.chen, '农历2025年二月三十'))[0]).toMatch(/日期好像不存在/);
    expect((await h.say(DEMO.chen, '农历2025年闰六月初一'))[0]).toMatch(/记下啦：农历2025年闰六月初一/);
    const m = await memberOf(DEMO.chen.id);
    expect([m.birthdayCalendar, m.birthYear, m.birthMonth, m.birthDay, m.birthLeapMonth]).toEqual(['lunar', 2025, 6, 1, true]);
  });

  it('takes a birthday given with the word (生日 1990-05-03) in one message', async () => {
    expect((await h.say(DEMO.zhao, '生日 1990-05-03'))[0]).toMatch(/记下啦：1990年5月3日/);
    expect((await h.say(DEMO.zhao, '生日 阴历腊月初八'))[0]).toMatch(/记下啦：农历腊月初八/);
  });

  it('lets an unreadable birthday be corrected or given up with 算了', async () => {
    expect((await h.say(DEMO.zhao, '生日 明天'))[0]).toMatch(/没看懂这个日期/);
    expect((await h.say(DEMO.zhao, '算了'))[0]).toMatch(/已经取消/);
    // Out of the dialog again: a date now is just a message for the assistant.
    expect((await h.say(DEMO.zhao, '5月3日'))[0]).toMatch(/已经转给您的导购/);
  });
});
