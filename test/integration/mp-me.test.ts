import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { MemberConsent } from '../../src/members/member-consent.entity';
import { Member } from '../../src/members/member.entity';
import { MpSession } from '../../src/miniprogram/mp-session.entity';
import { Staff } from '../../src/staff/staff.entity';
import { startHarness, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';

// GET /mp/me resolves the session and reads the whole page in one statement (MpMeQuery); these tests hold
// it to the same answers as the profile service and the shared member authenticator.
describe('GET /mp/me in one statement', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const login = (openid: string): Promise<string> => mpLogin(h, openid);
  const get = (path: string, token: string) => h.http.get(path).set('Authorization', `Bearer ${token}`);
  const patch = (token: string, body: object) => h.http.patch('/mp/me').set('Authorization', `Bearer ${token}`).send(body);
  const mp = () => h.laoke.services.mp;
  const memberOfToken = async (token: string) => {
    const me = await get('/mp/me', token);
    return h.laoke.ds.getRepository(Member).findOneByOrFail({ code: me.body.code });
  };

  it('answers exactly what the profile service shows when the member has filled every part of the profile', async () => {
    const token = await login('full');
    await patch(token, {
      name: '顾女士',
      phone: '139 1234 5678',
      gender: 'female',
      ageRange: '35-44',
      email: 'gu@example.com',
      occupation: '教师',
      birthday: { calendar: 'lunar', year: 2023, month: 2, day: 29, leapMonth: true },
      address: '杭州市西湖区某路8号',
      isMother: true,
      isTeacher: false,
      extra: { hobbies: ['茶艺'], children: 1 },
      consents: { profile: true, birthday: true, address: true, preferences: true },
    }).expect(200);
    h.clock.advance(60_000);
    // A withdrawn consent and a later grant of the same purpose: only the one in force is shown.
    await patch(token, { consents: { address: false } }).expect(200);
    h.clock.advance(60_000);
    await patch(token, { address: '杭州市西湖区某路9号', consents: { address: true } }).expect(200);
    await patch(token, { optedOut: true }).expect(200);
    const member = await memberOfToken(token);
    await h.laoke.ds.getRepository(ChatIdentity).insert({ contactId: 'wx-mp-me-full', remark: member.code, memberId: member.id, displayName: '顾', createdAt: h.clock.now(), lastSeenAt: null });

    const res = await get('/mp/me', token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(await h.laoke.services.profiles.view(member.id));
    expect(res.body).toMatchObject({
      name: '顾女士',
      phone: '13912345678',
      address: '杭州市西湖区某路9号',
      birthday: { calendar: 'lunar', year: 2023, month: 2, day: 29, leapMonth: true },
      isMother: true,
      isFather: null,
      isTeacher: false,
      extra: { hobbies: ['茶艺'], children: 1 },
      optedOut: true,
      chatLinked: true,
    });
    expect(res.body.consents.map((c: { purpose: string }) => c.purpose).sort()).toEqual(['address', 'birthday', 'preferences', 'profile']);
    expect(res.body.consents.find((c: { purpose: string }) => c.purpose === 'address').grantedAt).toBe(h.clock.now().toISOString());
  });

  it('shows the newest consent of a purpose when two are in force', async () => {
    const token = await login('twice');
    const member = await memberOfToken(token);
    const consents = h.laoke.ds.getRepository(MemberConsent);
    const older = new Date(h.clock.now().getTime() - 86_400_000);
    await consents.insert({ memberId: member.id, purpose: 'profile', statement: '旧的说明', channel: 'chat', grantedAt: older, withdrawnAt: null });
    await consents.insert({ memberId: member.id, purpose: 'profile', statement: '新的说明', channel: 'mp', grantedAt: h.clock.now(), withdrawnAt: null });

    const res = await get('/mp/me', token);
    expect(res.body.consents).toEqual([{ purpose: 'profile', statement: '新的说明', channel: 'mp', grantedAt: h.clock.now().toISOString(), withdrawnAt: null }]);
    expect(res.body).toEqual(await h.laoke.services.profiles.view(member.id));
  });

  it('shows a member without assistant, consents or chat link as such', async () => {
    const token = await login('bare');
    const member = await memberOfToken(token);
    await h.laoke.ds.getRepository(Member).update({ id: member.id }, { assistantId: null });
    const res = await get('/mp/me', token);
    expect(res.body).toMatchObject({ assistant: null, consents: [], chatLinked: false, extra: {}, birthday: null, optedOut: false });
    expect(res.body.memberSince).toBe(member.createdAt.toISOString());
    expect(res.body).toEqual(await h.laoke.services.profiles.view(member.id));
  });

  it('lists each consent once when the member has several chat identities', async () => {
    const token = await login('two-chats');
    await patch(token, { consents: { profile: true, birthday: true } }).expect(200);
    const member = await memberOfToken(token);
    const identities = h.laoke.ds.getRepository(ChatIdentity);
    for (const contactId of ['wx-mp-me-phone', 'wx-mp-me-pad']) {
      await identities.insert({ contactId, remark: member.code, memberId: member.id, displayName: '双', createdAt: h.clock.now(), lastSeenAt: null });
    }
    const res = await get('/mp/me', token);
    expect(res.body.chatLinked).toBe(true);
    expect(res.body.consents.map((c: { purpose: string }) => c.purpose).sort()).toEqual(['birthday', 'profile']);
    expect(res.body).toEqual(await h.laoke.services.profiles.view(member.id));
  });

  it('shows a new assistant at once and a renamed one within 30 seconds', async () => {
    const token = await login('new-assistant');
    const member = await memberOfToken(token);
    expect((await get('/mp/me', token)).body.assistant).not.toBeNull();
    const newcomer = await h.laoke.services.staff.create({ name: '周小新', role: 'assistant' });
    await h.laoke.ds.getRepository(Member).update({ id: member.id }, { assistantId: newcomer.id });
    expect((await get('/mp/me', token)).body.assistant).toEqual({ name: '周小新' });

    await h.laoke.ds.getRepository(Staff).update({ id: newcomer.id }, { name: '周新' });
    h.clock.advance(10_000);
    expect((await get('/mp/me', token)).body.assistant).toEqual({ name: '周小新' });
    h.clock.advance(25_000);
    expect((await get('/mp/me', token)).body.assistant).toEqual({ name: '周新' });
    expect((await get('/mp/me', token)).body).toEqual(await h.laoke.services.profiles.view(member.id));
  });

  it('answers 401 the moment a session is revoked, expires or its member erased their data, like other member routes', async () => {
    const revoked = await login('gone-revoked');
    const expired = await login('gone-expired');
    const erased = await login('gone-erased');
    for (const t of [revoked, expired, erased]) expect((await get('/mp/me', t)).status).toBe(200);

    await h.laoke.ds.getRepository(MpSession).update({ id: (await mp().sessions.authenticate(revoked)).sessionId }, { revokedAt: h.clock.now() });
    const expiredSession = await mp().sessions.authenticate(expired);
    await h.laoke.ds.getRepository(MpSession).update({ id: expiredSession.sessionId }, { expiresAt: h.clock.now() });
    await h.laoke.ds.getRepository(Member).update({ id: (await memberOfToken(erased)).id }, { erasedAt: h.clock.now() });

    for (const t of [revoked, expired, erased, 'lkm_neverIssuedByLaoke000000000000000000000']) {
      const me = await get('/mp/me', t);
      const other = await get('/mp/me/purchases', t);
      expect(me.status).toBe(401);
      expect(me.body).toEqual(other.body);
      expect(me.body.error.code).toBe('unauthorized');
    }
  });

  it('answers a malformed or missing token with the same 401 as other member routes', async () => {
    for (const header of [undefined, 'Bearer short', 'Basic dXNlcjpwYXNz']) {
      const me = h.http.get('/mp/me');
      const other = h.http.get('/mp/me/purchases');
      const [a, b] = header ? await Promise.all([me.set('Authorization', header), other.set('Authorization', header)]) : await Promise.all([me, other]);
      expect(a.status).toBe(401);
      expect(a.body).toEqual(b.body);
    }
  });
});
