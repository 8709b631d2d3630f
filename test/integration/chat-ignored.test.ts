import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { Member } from '../../src/members/member.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/** Messages the bot must not answer (group rooms, official accounts, itself) or not answer twice. */
describe('messages the bot leaves alone', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const countMembers = () => h.laoke.ds.getRepository(Member).count();
  const countMessages = () => h.laoke.ds.getRepository(ChatMessage).count();

  it('ignores a group room message: no reply, no member, nothing recorded, but logged', async () => {
    const [members, messages] = [await countMembers(), await countMessages()];
    const stranger = { id: 'wx-room-stranger', name: '群友' };
    const event = await h.chat.sayInRoom(stranger, 'room-1@chatroom', '人工');
    expect(event.status).toBe('ignored');
    expect(event.replies).toEqual([]);
    expect(await countMembers()).toBe(members);
    expect(await countMessages()).toBe(messages);
    expect(await h.laoke.ds.getRepository(ChatIdentity).findOneBy({ contactId: stranger.id })).toBeNull();
    expect(h.logLines.some((l) => l.includes('group room message ignored') && l.includes(event.messageId))).toBe(true);
  });

  it('ignores a group room message from a known member too', async () => {
    const event = await h.chat.sayInRoom(DEMO.chen, 'room-1@chatroom', '资料');
    expect(event.status).toBe('ignored');
    expect(await h.sentTo('room-1@chatroom')).toEqual([]);
  });

  it('ignores an official account: no reply, no member, logged', async () => {
    const members = await countMembers();
    const official = { id: 'gh_news_official', name: '某某资讯' };
    h.world.ensureContact({ ...official, type: 'official' });
    const event = await h.chat.say(official, '今日推送：秋季新品');
    expect(event.status).toBe('ignored');
    expect(event.replies).toEqual([]);
    expect(await countMembers()).toBe(members);
    expect(await h.sentTo(official.id)).toEqual([]);
    expect(h.logLines.some((l) => l.includes('official account message ignored') && l.includes(official.id))).toBe(true);
  });

  it("ignores the bot's own messages", async () => {
    const [members, messages] = [await countMembers(), await countMessages()];
    const event = await h.chat.say({ id: h.world.storeContactId, name: '老客小店' }, '你好');
    expect(event.status).toBe('ignored');
    expect(event.replies).toEqual([]);
    expect(await countMembers()).toBe(members);
    expect(await countMessages()).toBe(messages);
  });

  it('answers through POST /dev/chat/messages with status ignored and no replies for such messages', async () => {
    const res = await h.http.post('/dev/chat/messages').send({ from: { id: h.world.storeContactId, name: '老客小店' }, text: '测试' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ignored', replies: [] });
  });

  it('handles a message the puppet delivers twice only once', async () => {
    const newcomer = { id: 'wx-twice', name: '重复' };
    const first = await h.chat.say(newcomer, '你好');
    expect(first.status).toBe('handled');
    expect(first.replies).toHaveLength(2);
    const again = await h.chat.redeliver(first.messageId);
    expect(again.status).toBe('duplicate');
    expect(again.replies).toEqual([]);
    expect(await h.sentTo(newcomer.id)).toHaveLength(2);
    expect(await h.laoke.ds.getRepository(ChatIdentity).countBy({ contactId: newcomer.id })).toBe(1);
    expect(await h.laoke.ds.getRepository(ChatMessage).countBy({ externalId: first.messageId })).toBe(1);
  });

  it('handles a duplicate inside a dialog once: the step is not taken twice', async () => {
    const newcomer = { id: 'wx-twice', name: '重复' };
    const consent = await h.chat.say(newcomer, '1');
    await h.chat.redeliver(consent.messageId);
    const name = await h.chat.say(newcomer, '周女士');
    const replay = await h.chat.redeliver(name.messageId);
    expect(replay.status).toBe('duplicate');
    expect((await h.say(newcomer, '13700001111'))[0]).toMatch(/已记好了，谢谢周女士/);
  });
});
