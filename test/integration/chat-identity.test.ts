import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { Member } from '../../src/members/member.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/** Who is who: contacts whose id changes, and new members spread across assistants. */
describe('member identity in chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const memberOf = (contactId: string) => h.memberOf(contactId);

  it('recognises a contact whose id changed but whose remark is the member code as the same member', async () => {
    const before = { id: 'wx-old-id', name: '孙姐' };
    await h.say(before, '你好');
    await h.say(before, '1');
    await h.say(before, '孙女士');
    await h.say(before, '13600007777');
    const member = await memberOf(before.id);
    expect(h.world.aliasOf(before.id)).toBe(member.code);
    const members = await h.laoke.ds.getRepository(Member).count();

    // After a re-login the puppet hands out a new id; the remark we set travels with the contact.
    const after = { id: 'wx-new-id-after-relogin', name: '孙姐', alias: member.code };
    h.world.ensureContact(after);
    const replies = await h.say(after, '资料');
    expect(replies[0]).toMatch(/我们为您保存的信息/);
    expect(replies[0]).toContain('孙女士');
    expect(replies[0]).toContain('136****7777');
    expect(replies.join('\n')).not.toMatch(/欢迎/);
    expect(await h.laoke.ds.getRepository(Member).count()).toBe(members);
    expect((await memberOf(after.id)).id).toBe(member.id);
  });

  it('reaches the member on the new contact id afterwards', async () => {
    const member = await memberOf('wx-new-id-after-relogin');
    expect(await h.laoke.notifier.toMember(member.id, '您的衣服到了')).toBe(true);
    expect((await h.sentTo('wx-new-id-after-relogin')).pop()).toBe('您的衣服到了');
  });

  it('recognises a remark written in lower case or with spaces around it', async () => {
    const member = await memberOf('wx-old-id');
    const contact = { id: 'wx-third-id', name: '孙姐', alias: ` ${member.code.toLowerCase()} ` };
    h.world.ensureContact(contact);
    expect((await h.say(contact, '退订'))[0]).toMatch(/已为您退订/);
    expect((await memberOf(contact.id)).id).toBe(member.id);
    // The bot writes the canonical code back as the remark.
    expect(h.world.aliasOf(contact.id)).toBe(member.code);
  });

  it('treats a contact whose remark is not a member code as new', async () => {
    const contact = { id: 'wx-remark-other', name: '钱先生', alias: '老客户钱' };
    h.world.ensureContact(contact);
    const replies = await h.say(contact, '你好');
    expect(replies[0]).toMatch(/欢迎/);
    const member = await memberOf(contact.id);
    expect(h.world.aliasOf(contact.id)).toBe(member.code);
  });

  it('treats a remark naming a code that does not exist as new', async () => {
    const contact = { id: 'wx-remark-ghost', name: '幽灵', alias: 'M999999' };
    h.world.ensureContact(contact);
    expect((await h.say(contact, '你好'))[0]).toMatch(/欢迎/);
    expect((await memberOf(contact.id)).code).not.toBe('M999999');
  });
});

describe('staff in chat', () => {
  it('recognises staff by their contact and never makes them members', async () => {
    const h = await startHarness();
    try {
      const members = await h.laoke.ds.getRepository(Member).count();
      for (const text of ['你好', '资料', '退订', '']) {
        const replies = await h.say(DEMO.lili, text);
        expect(replies.join('\n')).not.toMatch(/欢迎|我们为您保存的信息|已为您退订/);
      }
      expect((await h.chat.send(DEMO.manager, 'image')).replies.join('\n')).not.toMatch(/欢迎/);
      expect(await h.laoke.ds.getRepository(Member).count()).toBe(members);
      expect(await h.laoke.ds.getRepository(ChatIdentity).findOneBy({ contactId: DEMO.lili.id })).toBeNull();
    } finally {
      await h.close();
    }
  });
});

describe('assigning assistants', () => {
  it('spreads new members evenly across the two demo assistants', async () => {
    const h = await startHarness();
    try {
      const countFor = async (staffId: number) => h.laoke.ds.getRepository(Member).countBy({ assistantId: staffId });
      const named: Record<number, string> = { 2: '李丽', 3: '张敏' };
      for (let i = 0; i < 9; i += 1) {
        const contact = { id: `wx-balance-${i}`, name: `顾客${i}` };
        const [welcome] = await h.say(contact, '你好');
        const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId: contact.id });
        const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
        expect([2, 3]).toContain(member.assistantId);
        // The welcome names the assistant the member was given.
        expect(welcome).toContain(named[member.assistantId!]);
        // After each new member the two loads differ by at most one.
        expect(Math.abs((await countFor(2)) - (await countFor(3)))).toBeLessThanOrEqual(1);
      }
      // 3 demo members + 9 new ones = 12: six each.
      expect([await countFor(2), await countFor(3)]).toEqual([6, 6]);
    } finally {
      await h.close();
    }
  });
});
