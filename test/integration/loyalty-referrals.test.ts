import { Referral, ReferralCode } from '../../src/loyalty/referrals/referral.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Referrals: 推荐 gives a code, a new member names a referrer once before buying, the first purchase rewards both. */
describe('referrals', () => {
  let h: Harness;
  let chen: Member;
  let chenCode: string;

  const buy = async (memberId: number, amount: number, at = '2026-11-22T15:00:00+08:00', items = '羊毛围巾') => {
    const res = await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ memberId, purchasedAt: at, items, amount });
    expect(res.status).toBe(201);
  };
  const newcomer = async (id: string, name: string) => {
    await h.say({ id, name }, '你好');
    return h.memberOf(id);
  };
  const referralOf = (memberId: number) => h.laoke.ds.getRepository(Referral).findOneBy({ memberId });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00', env: { REFERRAL_MONTHLY_CAP: '1', REFERRAL_MIN_PURCHASE_YUAN: '100' } });
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 推荐 with the member’s referral code and a short text to forward, the same code every time', async () => {
    const [code, forward, ...more] = await h.say(DEMO.chen, '推荐');
    expect(more).toEqual([]);
    chenCode = /推荐码是 ([A-Z2-9]{6})/.exec(code)![1];
    expect(forward).toContain(`推荐人 ${chenCode}`);
    expect(forward).toMatch(/100/);
    expect((await h.say(DEMO.chen, '推荐'))[0]).toContain(chenCode);
  });

  it('lets a new member name the referrer once, by referral code or member code, and refuses a second time', async () => {
    const xiao = await newcomer('wx-ref-xiao', '小萧');
    const [ok] = await h.say({ id: 'wx-ref-xiao', name: '小萧' }, `推荐人 ${chenCode.toLowerCase()}`);
    expect(ok).toMatch(/已经记下您的推荐人/);
    expect(await referralOf(xiao.id)).toMatchObject({ referrerId: chen.id, status: 'pending', channel: 'chat' });
    const [again] = await h.say({ id: 'wx-ref-xiao', name: '小萧' }, `推荐人：${chen.code}`);
    expect(again).toMatch(/已经填过推荐人/);
  });

  it('refuses self-referral, a member who already bought, a phone already known, a loop and an unknown code', async () => {
    expect((await h.say(DEMO.chen, `推荐人 ${chenCode}`))[0]).toMatch(/不能填自己/);

    const bought = await newcomer('wx-ref-bought', '小贝');
    await buy(bought.id, 300);
    expect((await h.say({ id: 'wx-ref-bought', name: '小贝' }, `推荐人 ${chenCode}`))[0]).toMatch(/第一次消费前/);

    // A new WeChat account with the phone number of an existing member is not a new friend.
    const phone = { id: 'wx-ref-phone', name: '小冯' };
    await h.say(phone, '你好');
    await h.say(phone, '1');
    await h.say(phone, '冯女士');
    // One phone, one member: the number is not stored on the new record, and the member is told why.
    expect((await h.say(phone, '13900139002'))[0]).toMatch(/已经登记在本店另一位会员名下/);
    // A record that shares a known number all the same (data from before that rule) cannot be referred.
    const known = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '刘先生' });
    await h.laoke.ds.getRepository(Member).update({ id: (await h.memberOf(phone.id)).id }, { phoneHash: known.phoneHash });
    expect((await h.say(phone, `推荐人 ${chen.code}`))[0]).toMatch(/之前已经是我们的会员/);

    const a = await newcomer('wx-ref-a', '阿安');
    await newcomer('wx-ref-b', '阿宝');
    expect((await h.say({ id: 'wx-ref-b', name: '阿宝' }, `推荐人 ${a.code}`))[0]).toMatch(/已经记下/);
    const b = await h.memberOf('wx-ref-b');
    expect((await h.say({ id: 'wx-ref-a', name: '阿安' }, `推荐人 ${b.code}`))[0]).toMatch(/不能互相推荐/);

    expect((await h.say({ id: 'wx-ref-a', name: '阿安' }, '推荐人 ZZZZZZ'))[0]).toMatch(/没有找到/);
    expect(await referralOf(a.id)).toBeNull();
  });

  it('rewards both when the friend’s first purchase reaches the amount, thanks the referrer, and makes a repeat buyer loyal', async () => {
    await buy(chen.id, 500, '2026-10-02T15:00:00+08:00', '真丝衬衫');
    await buy(chen.id, 600, '2026-11-01T15:00:00+08:00', '羊绒衫');
    expect((await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: chen.id })).lifecycle).toBe('regular');
    const assistant = (await h.laoke.services.members.assistantOf(chen))!;
    const toAssistant = (await h.sentTo(assistant.wechatContactId!)).length;

    const xiao = await h.memberOf('wx-ref-xiao');
    await buy(xiao.id, 150);
    expect(await referralOf(xiao.id)).toMatchObject({ status: 'rewarded', referrerPoints: 200, referredPoints: 100, reason: null });
    expect((await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: chen.id })).lifecycle).toBe('loyal');

    const thanks = await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ memberId: chen.id, occasion: 'referral_thanks' });
    expect(thanks.status).toBe('queued');
    for (const part of [/陈女士/, /谢谢/, /200 积分/, new RegExp(`导购${assistant.name}`)]) expect(thanks.text).toMatch(part);
    const notices = (await h.sentTo(assistant.wechatContactId!)).slice(toAssistant);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`陈女士（${chen.code}）推荐的朋友[\\s\\S]*#${chen.code}`));
    expect(notices[0]).not.toMatch(/13800138001/);

    // The same purchase recorded again, or another one, rewards nothing more.
    await buy(xiao.id, 150);
    await buy(xiao.id, 80, '2026-11-22T16:00:00+08:00', '袜子');
    expect(await h.laoke.ds.getRepository(Referral).countBy({ referrerId: chen.id, status: 'rewarded' })).toBe(1);
  });

  it('leaves a too-small first purchase pending that day, then voids it; beyond the monthly cap only the friend is rewarded', async () => {
    const small = await newcomer('wx-ref-small', '小史');
    await h.say({ id: 'wx-ref-small', name: '小史' }, `推荐人 ${chenCode}`);
    await buy(small.id, 60);
    expect((await referralOf(small.id))!.status).toBe('pending');
    h.clock.set(new Date('2026-11-23T10:00:00+08:00'), { freeze: true });
    await buy(small.id, 500, '2026-11-23T09:30:00+08:00');
    expect(await referralOf(small.id)).toMatchObject({ status: 'void', reason: 'first_purchase_too_small', referrerPoints: 0, referredPoints: 0 });

    const second = await newcomer('wx-ref-second', '小二');
    await h.say({ id: 'wx-ref-second', name: '小二' }, `推荐人 ${chenCode}`);
    await buy(second.id, 120, '2026-11-23T09:45:00+08:00');
    expect(await referralOf(second.id)).toMatchObject({ status: 'capped', reason: 'monthly_cap', referrerPoints: 0, referredPoints: 100 });
  });

  it('takes the referral code the mini-program passes at the first login only', async () => {
    const first = await h.http.post('/mp/login').set('X-Forwarded-For', '10.9.9.1').send({ code: 'dev:openid-referred', referralCode: chenCode });
    expect(first.status).toBe(200);
    expect(first.body.referral).toEqual({ accepted: true, reason: null });
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ code: first.body.member.code });
    expect(await referralOf(member.id)).toMatchObject({ referrerId: chen.id, channel: 'mp', status: 'pending' });

    const again = await h.http.post('/mp/login').set('X-Forwarded-For', '10.9.9.2').send({ code: 'dev:openid-referred', referralCode: chenCode });
    expect(again.body.referral).toEqual({ accepted: false, reason: 'not_new' });
    const self = await h.http.post('/mp/login').set('X-Forwarded-For', '10.9.9.3').send({ code: 'dev:openid-bad', referralCode: 'NOPE!!' });
    expect(self.body.referral).toEqual({ accepted: false, reason: 'unknown_code' });
    const plain = await h.http.post('/mp/login').set('X-Forwarded-For', '10.9.9.4').send({ code: 'dev:openid-plain' });
    expect(plain.body.referral).toBeUndefined();
  });

  it('forgets a member’s referral code when they erase their data, keeping the referral only as an anonymous count', async () => {
    const login = await h.http.post('/mp/login').set('X-Forwarded-For', '10.9.9.5').send({ code: 'dev:openid-erase', referralCode: chenCode });
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ code: login.body.member.code });
    const code = 'ERASE2';
    await h.laoke.ds.getRepository(ReferralCode).insert({ memberId: member.id, code, createdAt: h.clock.now() });
    expect((await h.http.delete('/mp/me').set(bearer(login.body.token))).status).toBe(200);
    expect(await h.laoke.ds.getRepository(ReferralCode).findOneBy({ code })).toBeNull();
    expect(await referralOf(member.id)).toMatchObject({ referrerId: chen.id });
  });
});
