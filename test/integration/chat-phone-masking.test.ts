import { ChatMessage } from '../../src/members/chat-message.entity';
import { Member } from '../../src/members/member.entity';
import { toHalfWidth } from '../../src/shared/text';
import { DEMO, startHarness, type Harness } from '../support/harness';

const PHONE = '13800138000';
const MASKED = '138****8000';
const ADDRESS = '南京西路1266号';
const ROOM = 'staff-room@chatroom';

/** Every way the number could sit in a text: separators and full-width digits folded away. */
const holdsClearPhone = (text: string) => toHalfWidth(text).replace(/[\s\-()+]/g, '').includes(PHONE);

describe('phone numbers and addresses typed in chat', () => {
  let h: Harness;
  let delivered: { to: string; text: string }[];
  const meimei = { id: 'wx-meimei', name: '美美' };

  beforeAll(async () => {
    h = await startHarness({ env: { STAFF_ROOM_ID: ROOM } });
    h.world.mocker.createRoom({ id: ROOM, topic: '店员群', memberIdList: [DEMO.lili.id, DEMO.zhangmin.id, h.world.storeContactId], adminIdList: [] });
    // What the puppet was asked to deliver, as people receive it (the message log is checked apart).
    delivered = [];
    const puppet = h.world.puppet;
    const send = puppet.messageSendText.bind(puppet);
    jest.spyOn(puppet, 'messageSendText').mockImplementation(async (to: string, text: string) => {
      delivered.push({ to, text });
      return send(to, text);
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await h.close();
  });

  const member = async () => h.memberOf(meimei.id);
  const assistantContact = async () => (await h.laoke.services.members.assistantOf(await member()))!.wechatContactId!;
  const otherAssistant = async () => ((await assistantContact()) === DEMO.lili.id ? DEMO.zhangmin : DEMO.lili);

  it('keeps the number typed in onboarding only encrypted in the member record, masked in the log', async () => {
    await h.say(meimei, '你好');
    await h.say(meimei, '1');
    await h.say(meimei, '李女士');
    expect((await h.say(meimei, '+86 １３８ ００１３ ８０００'))[0]).toContain(MASKED);
    const m = await member();
    expect(h.laoke.services.members.phoneOf(m)).toBe(PHONE);
    expect(m.phoneEnc).not.toContain(PHONE);
    const rows = await h.laoke.ds.getRepository(ChatMessage).findBy({ contactId: meimei.id });
    expect(rows.some((r) => r.direction === 'in' && r.text?.includes(MASKED))).toBe(true);
    expect(rows.filter((r) => holdsClearPhone(r.text ?? ''))).toEqual([]);
  });

  it('forwards free text to the member’s own assistant as typed, and logs it masked', async () => {
    await h.say(meimei, `有事打我电话138-0013-8000，衣服寄到上海市静安区${ADDRESS}3楼`);
    const assistant = await assistantContact();
    const toAssistant = delivered.filter((d) => d.to === assistant).at(-1)!.text;
    expect(toAssistant).toContain('138-0013-8000');
    expect(toAssistant).toContain(ADDRESS);
    const logged = (await h.sentTo(assistant)).at(-1)!;
    expect(logged).toContain(MASKED);
    expect(logged).toContain('上海市静安区');
    expect(logged).not.toContain(ADDRESS);
    expect(holdsClearPhone(logged)).toBe(false);
  });

  it('shows the number masked to the staff room and to another assistant a ticket is handed to', async () => {
    await h.say(meimei, '投诉 衣服起球了，请打86-138 0013 8000联系我');
    await h.say(meimei, '好了');
    await h.say(meimei, '1');
    await h.say(meimei, '没有');
    const [done] = await h.say(meimei, '没有');
    const ticketNo = /T\d{8}-\d{4}/.exec(done)![0];

    const toRoom = delivered.filter((d) => d.to === ROOM).at(-1)!.text;
    expect(toRoom).toContain(ticketNo);
    expect(toRoom).toContain(MASKED);
    expect(holdsClearPhone(toRoom)).toBe(false);
    // The member's own assistant may see the number.
    const own = await assistantContact();
    expect(delivered.filter((d) => d.to === own && d.text.includes(ticketNo)).some((d) => holdsClearPhone(d.text))).toBe(true);

    const other = await otherAssistant();
    const [ok] = await h.say(own === DEMO.lili.id ? DEMO.lili : DEMO.zhangmin, `#${ticketNo} 转 ${other.name}`);
    expect(ok).toContain(other.name);
    const toOther = delivered.filter((d) => d.to === other.id && d.text.includes(ticketNo)).at(-1)!.text;
    expect(toOther).toContain(MASKED);
    expect(holdsClearPhone(toOther)).toBe(false);
  });

  it('leaves no chat_message row holding the clear number or the street address', async () => {
    const rows = await h.laoke.ds.getRepository(ChatMessage).find();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => holdsClearPhone(r.text ?? '')).map((r) => r.id)).toEqual([]);
    expect(rows.filter((r) => (r.text ?? '').includes(ADDRESS)).map((r) => r.id)).toEqual([]);
    const m = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: (await member()).id });
    expect(h.laoke.services.members.phoneOf(m)).toBe(PHONE);
  });
});
