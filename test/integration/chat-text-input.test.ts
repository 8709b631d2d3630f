import { ChatMessage } from '../../src/members/chat-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/** Bad text input: empty, very long, emoji and mixed scripts. Nothing may crash the bot. */
describe('text the bot must survive', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const memberOf = (contactId: string) => h.memberOf(contactId);
  const assistantContactOf = async (contactId: string) => {
    const assistant = await h.laoke.services.members.assistantOf(await memberOf(contactId));
    return assistant!.wechatContactId!;
  };

  it('asks what the member needs when a known member sends empty or whitespace-only text', async () => {
    for (const text of ['', '   ', '\n\t', '\u3000\u3000']) {
      const replies = await h.say(DEMO.chen, text);
      expect(replies).toEqual([expect.stringMatching(/没有收到内容/)]);
    }
  });

  it('asks the open question again when empty text arrives in the middle of a dialog', async () => {
    await h.say(DEMO.liu, '生日');
    const replies = await h.say(DEMO.liu, '  ');
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/没有收到内容/);
    expect(replies[1]).toMatch(/接着刚才的[\s\S]*生日/);
    expect((await h.say(DEMO.liu, '取消'))[0]).toMatch(/已经取消/);
  });

  it('welcomes a new contact whose first message is empty', async () => {
    const replies = await h.say({ id: 'wx-empty-first', name: '空白' }, ' ');
    expect(replies[0]).toMatch(/欢迎/);
    expect(replies[1]).toMatch(/回复 1 同意/);
  });

  it('handles a 5,000-character message: forwards it to the assistant, tells the member it was long, and keeps going', async () => {
    const assistantContact = await assistantContactOf(DEMO.chen.id);
    const before = (await h.sentTo(assistantContact)).length;
    const long = '这条裙子的面料'.repeat(715).slice(0, 5000);
    expect(Array.from(long)).toHaveLength(5000);
    const replies = await h.say(DEMO.chen, long);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/已经转给您的导购/);
    expect(replies[1]).toMatch(/消息有点长/);
    const forwarded = (await h.sentTo(assistantContact)).slice(before);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]).toContain('这条裙子的面料这条裙子的面料');
    expect(forwarded[0]).toContain('…');
    expect(Array.from(forwarded[0]).length).toBeLessThan(1700);
    // The whole text is in the message log, and the bot still answers the next message.
    const logged = await h.laoke.ds.getRepository(ChatMessage).findOneOrFail({ where: { contactId: DEMO.chen.id, direction: 'in' }, order: { id: 'DESC' } });
    expect(logged.text).toBe(long);
    expect((await h.say(DEMO.chen, '资料'))[0]).toMatch(/我们为您保存的信息/);
  });

  it('handles a 5,000-character message of emoji without cutting one in half', async () => {
    const emoji = '😀'.repeat(5000);
    const replies = await h.say(DEMO.zhao, emoji);
    expect(replies[0]).toMatch(/已经转给您的导购/);
    const logged = await h.laoke.ds.getRepository(ChatMessage).findOneOrFail({ where: { contactId: DEMO.zhao.id, direction: 'in' }, order: { id: 'DESC' } });
    expect(logged.text).toBe(emoji);
    const forwarded = (await h.sentTo(await assistantContactOf(DEMO.zhao.id))).pop()!;
    expect(forwarded).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('forwards emoji and mixed scripts to the assistant exactly as written', async () => {
    const text = 'Hello 店长👋，这件 T恤 有 XL 吗？ありがとう 🌸🇨🇳 👨‍👩‍👧';
    const replies = await h.say(DEMO.chen, text);
    expect(replies[0]).toMatch(/已经转给您的导购/);
    const forwarded = (await h.sentTo(await assistantContactOf(DEMO.chen.id))).pop()!;
    expect(forwarded).toContain(text);
  });

  it('welcomes a contact with an emoji nickname and keeps the nickname as written', async () => {
    const anna = { id: 'wx-anna', name: 'Anna·李🌸' };
    const replies = await h.say(anna, '👋');
    expect(replies[0]).toContain('Anna·李🌸');
    expect((await memberOf(anna.id)).nickname).toBe('Anna·李🌸');
  });

  it('takes "Anna·李🌸" as the name Anna·李: emoji dropped, letters of any script kept', async () => {
    const anna = { id: 'wx-anna', name: 'Anna·李🌸' };
    await h.say(anna, '1');
    const replies = await h.say(anna, 'Anna·李🌸');
    expect(replies[0]).toMatch(/^好的Anna·李。/);
    expect((await h.say(anna, '139 0000 1111'))[0]).toMatch(/谢谢Anna·李/);
    expect((await memberOf(anna.id)).name).toBe('Anna·李');
  });

  it('asks for words when a name is only emoji', async () => {
    const bee = { id: 'wx-bee', name: '🐝' };
    await h.say(bee, '你好');
    await h.say(bee, '好的');
    expect((await h.say(bee, '🐝🐝'))[0]).toMatch(/称呼还是要用文字/);
    expect((await h.say(bee, '蜜蜂'))[0]).toMatch(/好的蜜蜂/);
  });
});
