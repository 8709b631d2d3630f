import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { Member } from '../../src/members/member.entity';
import { startHarness, waitFor, type Harness } from '../support/harness';

const WELCOME_DEADLINE_MS = 20_000;

describe('friend requests to the store account', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const memberOf = async (contactId: string) => {
    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneBy({ contactId });
    return identity ? h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId }) : null;
  };

  it('accepts a request, creates the member and sends the welcome naming the assistant within 20 seconds', async () => {
    const newcomer = { id: 'wx-friend-1', name: '小周' };
    const started = Date.now();
    h.world.friendRequest(newcomer, '你好，我在店里扫的码');
    await waitFor(async () => (await h.sentTo(newcomer.id)).length >= 2, WELCOME_DEADLINE_MS);
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeLessThan(WELCOME_DEADLINE_MS);
    const member = await memberOf(newcomer.id);
    expect(member).not.toBeNull();
    const assistant = await h.laoke.services.members.assistantOf(member!);
    const [welcome, consent] = await h.sentTo(newcomer.id);
    expect(welcome).toContain('小周');
    expect(welcome).toContain(assistant!.name);
    expect(consent).toMatch(/回复 1 同意/);
    expect(h.world.aliasOf(newcomer.id)).toBe(member!.code);
  });

  it('does not welcome twice when the new friend then writes for the first time', async () => {
    const newcomer = { id: 'wx-friend-1', name: '小周' };
    const replies = await h.say(newcomer, '你好');
    expect(replies.join('\n')).not.toMatch(/欢迎/);
    // The onboarding dialog the welcome opened is waiting for the consent answer.
    expect(replies[0]).toMatch(/回复数字就好/);
    expect((await h.say(newcomer, '1'))[0]).toMatch(/怎么称呼/);
    expect(await h.laoke.ds.getRepository(ChatIdentity).countBy({ contactId: newcomer.id })).toBe(1);
  });

  it('answers POST /dev/chat/friend-requests with the welcome once the bot is done', async () => {
    const res = await h.http.post('/dev/chat/friend-requests').send({ from: { id: 'wx-friend-2', name: '小吴' }, hello: '' });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(true);
    expect(res.body.replies).toHaveLength(2);
    expect(res.body.replies[0]).toMatch(/小吴[\s\S]*(李丽|张敏)/);
  });

  it('does not welcome an existing member again when they add the store account once more', async () => {
    const before = (await h.sentTo('wx-friend-2')).length;
    const res = await h.http.post('/dev/chat/friend-requests').send({ from: { id: 'wx-friend-2', name: '小吴' }, hello: '' });
    expect(res.body.accepted).toBe(true);
    expect(await h.sentTo('wx-friend-2')).toHaveLength(before);
    // The route answers with what this request made the bot say: nothing.
    expect(res.body.replies).toEqual([]);
  });
});

describe('friend requests with FRIEND_ACCEPT_KEYWORD set', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { FRIEND_ACCEPT_KEYWORD: '老客' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('leaves a request without the keyword for staff: no member, no message', async () => {
    const res = await h.http.post('/dev/chat/friend-requests').send({ from: { id: 'wx-nokey', name: '路人' }, hello: '加个好友' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: false, replies: [] });
    expect(await h.laoke.ds.getRepository(ChatIdentity).findOneBy({ contactId: 'wx-nokey' })).toBeNull();
    expect(h.logLines.some((l) => l.includes('friend request without the keyword'))).toBe(true);
  });

  it('accepts and welcomes a request whose greeting carries the keyword', async () => {
    const started = Date.now();
    const res = await h.http.post('/dev/chat/friend-requests').send({ from: { id: 'wx-withkey', name: '熟客' }, hello: '我是老客，店员让我加的' });
    expect(Date.now() - started).toBeLessThan(WELCOME_DEADLINE_MS);
    expect(res.body.accepted).toBe(true);
    expect(res.body.replies[0]).toMatch(/熟客/);
    expect(await h.laoke.ds.getRepository(ChatIdentity).findOneBy({ contactId: 'wx-withkey' })).not.toBeNull();
  });
});
