import { IsNull } from 'typeorm';
import { Member } from '../../src/members/member.entity';
import { startHarness, type Harness } from '../support/harness';
import { addMember, at, insertRows, rowFor } from './outbox-fixtures';

type Day = { date: string; total: number; occasions: { occasion: string; count: number; source: string; label: string }[] };
type Account = { account: string; name: string; ceiling: number; days: Day[] };

/**
 * The forecast's other sources, by aggregate SQL on both databases: a quiet spell crossing the
 * long-time-no-see threshold, purchases already made (follow-up and first-purchase follow-up), a lunar
 * birthday, a targeted festival's audience, rows already queued, and members of an account that is not
 * configured (counted at the store's ceiling).
 */
describe('the care forecast counts every occasion it can know ahead', () => {
  let h: Harness;
  const manager = () => ({ Authorization: `Bearer ${h.managerToken}` });
  const forecast = async (days: number): Promise<Account[]> => (await h.http.get(`/admin/care/forecast?days=${days}`).set(manager()).expect(200)).body.accounts;
  const day = (a: Account | undefined, date: string) => a?.days.find((d) => d.date === date);
  const count = (d: Day | undefined, occasion: string) => d?.occasions.find((o) => o.occasion === occasion);

  beforeAll(async () => {
    h = await startHarness({ now: '2027-05-01T09:00:00+08:00' });
    await h.laoke.ds.getRepository(Member).update({ erasedAt: IsNull() }, { erasedAt: h.clock.now() });
    const liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    const repo = h.laoke.ds.getRepository(Member);
    // Quiet since 2027-03-04: 60 days later (05-03) long time no see is due.
    const quiet = await addMember(h, 'wx-f-quiet', '安静', liliId);
    await repo.update({ id: quiet.id }, { lastContactAt: at('2027-03-04T15:00:00'), isMother: true, gender: 'female' });
    // Bought today: a purchase follow-up on 05-04, the first-purchase follow-up on 05-11.
    const buyer = await addMember(h, 'wx-f-buyer', '刚买', liliId);
    await h.http
      .post('/admin/purchases')
      .set(manager())
      .send({ memberId: buyer.id, purchasedAt: at('2027-05-01T08:30:00').toISOString(), items: '丝巾', amount: 300, idempotencyKey: 'forecast-buyer-1' })
      .expect(201);
    // A lunar birthday: 四月初八 of 2027 falls on 2027-05-13.
    const lunar = await addMember(h, 'wx-f-lunar', '农历', liliId);
    await repo.update({ id: lunar.id }, { birthdayCalendar: 'lunar', birthMonth: 4, birthDay: 8, birthLeapMonth: false, isMother: false });
    // A member of an account the store has not configured.
    const counter = await addMember(h, 'wx-f-counter', '柜台', liliId);
    await repo.update({ id: counter.id }, { chatAccount: 'counter', isMother: true });
    // Opted out: never counted.
    const out = await addMember(h, 'wx-f-out', '退订', liliId);
    await repo.update({ id: out.id }, { optedOut: true, isMother: true });
    // A survey already queued for 05-02.
    await insertRows(h, [rowFor(buyer, 'satisfaction_survey', { occasionDate: '2027-05-02', dueAt: at('2027-05-02T10:00:00') })]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('estimates long time no see, purchase follow-ups, birthdays and the targeted festival, and counts queued rows as planned', async () => {
    const accounts = await forecast(14);
    const store = accounts.find((a) => a.account === 'store');
    expect(store?.ceiling).toBe(300);
    expect(count(day(store, '2027-05-03'), 'long_time_no_see')).toMatchObject({ count: 1, source: 'estimate', label: '好久不见' });
    expect(count(day(store, '2027-05-04'), 'post_purchase')).toMatchObject({ count: 1, source: 'estimate' });
    expect(count(day(store, '2027-05-11'), 'first_purchase_followup')).toMatchObject({ count: 1, source: 'estimate' });
    expect(count(day(store, '2027-05-13'), 'birthday')).toMatchObject({ count: 1, source: 'estimate' });
    expect(count(day(store, '2027-05-02'), 'satisfaction_survey')).toMatchObject({ count: 1, source: 'planned' });
    // 母亲节 2027-05-09: mothers only, opted-out members not counted; the other account's mother on hers.
    expect(count(day(store, '2027-05-09'), 'targeted_festival')).toMatchObject({ count: 1, label: '母亲节' });
    const counter = accounts.find((a) => a.account === 'counter');
    expect(counter).toMatchObject({ name: 'counter', ceiling: 300 });
    expect(count(day(counter, '2027-05-09'), 'targeted_festival')).toMatchObject({ count: 1 });
    expect(day(store, '2027-05-05')).toMatchObject({ total: 0, fits: true });
  });

  it('is for managers (and admins), not assistants', async () => {
    const lili = (await h.laoke.services.staff.findByName('李丽'))!;
    const token = await h.laoke.services.staff.issueToken(lili.id);
    expect((await h.http.get('/admin/care/forecast').set({ Authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await h.http.get('/admin/care/forecast')).status).toBe(401);
  });
});
