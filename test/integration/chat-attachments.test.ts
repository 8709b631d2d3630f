import type { MockAttachmentKind } from '../../src/dev/mock-chat';
import { DEMO, startHarness, type Harness } from '../support/harness';

/** Images, voice, stickers, files, links and mini-program cards, where the bot needs text and where it does not. */
describe('messages that are not text', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const kinds: MockAttachmentKind[] = ['image', 'voice', 'video', 'sticker', 'file', 'link', 'miniprogram'];
  const labels: Record<MockAttachmentKind, string> = {
    image: '图片',
    voice: '语音',
    video: '视频',
    sticker: '表情',
    file: '文件',
    link: '链接',
    miniprogram: '小程序',
  };

  it.each(kinds)('asks to type it and repeats the question, in one reply, when a %s arrives in the middle of onboarding', async (kind) => {
    const contact = { id: `wx-att-dialog-${kind}`, name: '小美' };
    await h.say(contact, '你好');
    await h.say(contact, '1');
    const replies = (await h.chat.send(contact, kind)).replies;
    // One message answers one message (issue 10: a voice message got two replies).
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/用文字告诉我们/);
    expect(replies[0]).toMatch(/接着刚才的[\s\S]*怎么称呼/);
    // The dialog is intact: the next text is taken as the name.
    expect((await h.say(contact, '美美'))[0]).toMatch(/好的美美[\s\S]*手机号/);
  });

  it.each(kinds)('asks to type it at the consent question when a %s arrives first thing', async (kind) => {
    const contact = { id: `wx-att-consent-${kind}`, name: '新朋友' };
    const first = (await h.chat.send(contact, kind)).replies;
    // A first message of any kind makes the member and welcomes them.
    expect(first[0]).toMatch(/欢迎/);
    const replies = (await h.chat.send(contact, kind)).replies;
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/用文字告诉我们/);
    expect(replies[0]).toMatch(/接着刚才的[\s\S]*回复 1 同意/);
  });

  it.each(['image', 'voice', 'video', 'file', 'link', 'miniprogram'] as MockAttachmentKind[])(
    'tells the assistant a %s came and asks the member for words, in one reply, outside a dialog',
    async (kind) => {
      const before = (await h.sentTo(DEMO.lili.id)).length + (await h.sentTo(DEMO.zhangmin.id)).length;
      const replies = (await h.chat.send(DEMO.chen, kind)).replies;
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatch(/已经转给您的导购/);
      expect(replies[0]).toContain(`小助手还看不懂${labels[kind]}`);
      const toStaff = [...(await h.sentTo(DEMO.lili.id)), ...(await h.sentTo(DEMO.zhangmin.id))];
      expect(toStaff).toHaveLength(before + 1);
      expect(toStaff.some((t) => t.includes(`[${labels[kind]}]`))).toBe(true);
    },
  );

  it('answers a sticker outside a dialog with a friendly "please type it" and does not page the assistant', async () => {
    const before = (await h.sentTo(DEMO.lili.id)).length + (await h.sentTo(DEMO.zhangmin.id)).length;
    const replies = (await h.chat.send(DEMO.liu, 'sticker')).replies;
    expect(replies).toEqual([expect.stringMatching(/用文字告诉我们/)]);
    expect((await h.sentTo(DEMO.lili.id)).length + (await h.sentTo(DEMO.zhangmin.id)).length).toBe(before);
  });

  it('records non-text messages in the message log by kind', async () => {
    const res = await h.http.get('/dev/chat/transcript').query({ contact: DEMO.liu.id });
    expect(res.status).toBe(200);
    expect(res.body.messages).toContainEqual(expect.objectContaining({ direction: 'in', kind: 'sticker', text: null }));
  });

  it('takes attachments through POST /dev/chat/messages as well', async () => {
    const res = await h.http.post('/dev/chat/messages').send({ from: DEMO.zhao, attachment: 'miniprogram' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('handled');
    expect(res.body.replies.join('\n')).toContain('小助手还看不懂小程序');
  });
});
