import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { MemberTag } from '../../src/members/member-tag.entity';
import { Member } from '../../src/members/member.entity';
import { Complaint } from '../../src/complaints/complaint.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';

/**
 * Two members with one phone number: a second member cannot take a number someone already has (told
 * kindly, their assistant told clearly), and a manager can merge two records of one person, keeping
 * every purchase, message, complaint and tag, in one transaction, with an audit entry.
 */
describe('two members with one phone number', () => {
  let h: Harness;
  let manager: string;
  let chen: Member;
  let dupId = 0;
  const members = () => h.laoke.ds.getRepository(Member);
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const staffTexts = async () => [...(await h.sentTo(DEMO.lili.id)), ...(await h.sentTo(DEMO.zhangmin.id))];

  beforeAll(async () => {
    h = await startHarness();
    manager = h.managerToken!;
    chen = await members().findOneByOrFail({ name: '陈女士' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('in chat: does not save a phone another member has, tells the member kindly and the assistants clearly', async () => {
    const newcomer = { id: 'wx-chen-second', name: '陈陈' };
    await h.say(newcomer, '你好');
    await h.say(newcomer, '1');
    await h.say(newcomer, '陈女士');
    const staffBefore = (await staffTexts()).length;
    const [reply, ...more] = await h.say(newcomer, '138 0013 8001');
    expect(more).toEqual([]);
    expect(reply).toMatch(/已经登记/);
    expect(reply).toMatch(/导购(李丽|张敏)/);
    expect(reply).not.toMatch(/13800138001|138\*\*\*\*8001/);
    const second = await h.memberOf(newcomer.id);
    expect(second.phoneHash).toBeNull();
    expect(second.name).toBe('陈女士');
    const told = (await staffTexts()).slice(staffBefore);
    expect(told.length).toBeGreaterThanOrEqual(1);
    for (const text of told) {
      expect(text).toContain(second.code);
      expect(text).toContain(chen.code);
      expect(text).toContain('138****8001');
      expect(text).toMatch(/合并/);
      expect(text).not.toContain('13800138001');
    }
    expect(h.logLines.join('\n')).not.toMatch(/13800138001/);
    // Search finds one member for the number.
    const found = await h.http.get('/admin/members').query({ phone: '13800138001' }).set(bearer(manager));
    expect(found.body.items.map((m: { code: string }) => m.code)).toEqual([chen.code]);
  });

  it('in the mini-program: answers 409 with a clear Chinese message and stores nothing; the member’s own number is fine', async () => {
    const token = await mpLogin(h, 'liu-again');
    const staffBefore = (await staffTexts()).length;
    const res = await h.http.patch('/mp/me').set(bearer(token)).send({ name: '刘先生', phone: '139 0013 9002', consents: { profile: true } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toMatch(/已经登记/);
    expect(res.body.error.message).toMatch(/导购/);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'phone', code: 'phone_taken' })]);
    expect(JSON.stringify(res.body)).not.toMatch(/13900139002|M0000/);
    const me = await h.http.get('/mp/me').set(bearer(token));
    expect([me.body.phone, me.body.name]).toEqual([null, null]);
    expect((await staffTexts()).length).toBeGreaterThan(staffBefore);
    // A number nobody else has is saved, and saving it again is not a conflict with oneself.
    expect((await h.http.patch('/mp/me').set(bearer(token)).send({ phone: '13900000077', consents: { profile: true } })).status).toBe(200);
    expect((await h.http.patch('/mp/me').set(bearer(token)).send({ phone: '139 0000 0077' })).status).toBe(200);
  });

  it('lets a manager merge two records of one person, keeping purchases, messages, complaints and tags, with an audit entry', async () => {
    // A duplicate from before the check: same phone, its own chat history, purchase, complaint and tags.
    const dupContact = { id: 'wx-chen-old', name: '陈姐旧号' };
    await h.say(dupContact, '你好');
    const dup = await h.memberOf(dupContact.id);
    dupId = dup.id;
    await members().update({ id: dup.id }, { phoneEnc: chen.phoneEnc, phoneHash: chen.phoneHash });
    await h.laoke.ds.getRepository(Purchase).insert({
      memberId: dup.id,
      purchasedAt: new Date('2026-11-01T03:00:00Z'),
      items: '羊绒大衣',
      category: '外套',
      quantity: 1,
      amountFen: 1_200_000,
      store: '南京路店',
      assistantId: null,
      idempotencyKey: 'dup-merge-1',
      source: 'api',
      isFirstPurchase: true,
      createdAt: h.clock.now(),
    });
    await h.http.post(`/admin/members/${dup.id}/tags`).set(bearer(manager)).send({ tags: ['孕妈', '爱穿裙装'] }).expect(200);
    await h.http.post(`/admin/members/${chen.id}/tags`).set(bearer(manager)).send({ tags: ['孕妈'] }).expect(200);
    await h.say(dupContact, '投诉');
    await h.say(dupContact, '大衣的扣子掉了，想换一个');
    await h.say(dupContact, '好了');
    const complaints = await h.laoke.ds.getRepository(Complaint).countBy({ memberId: dup.id });
    const messages = await h.laoke.ds.getRepository(ChatMessage).countBy({ memberId: dup.id });
    expect(messages).toBeGreaterThan(0);
    // Two members with one number: the POS cannot tell them apart.
    const csv = '时间,会员手机号,商品,金额\n2026-11-20 10:00,13800138001,手套,89';
    const ambiguous = await h.http.post('/admin/purchases/import').set(bearer(manager)).set('Content-Type', 'text/csv').send(csv);
    expect(ambiguous.body.rejected[0].reason).toMatch(/几位会员/);

    const lili = await h.laoke.services.staff.issueToken(2);
    expect((await h.http.post(`/admin/members/${chen.id}/merge`).set(bearer(lili)).send({ fromMemberId: dup.id })).status).toBe(403);

    const chenMessages = await h.laoke.ds.getRepository(ChatMessage).countBy({ memberId: chen.id });
    const res = await h.http.post(`/admin/members/${chen.id}/merge`).set(bearer(manager)).send({ fromMemberId: dup.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ member: { id: chen.id, code: chen.code }, absorbed: { id: dup.id, code: dup.code } });
    expect(res.body.moved.purchase).toBe(1);

    const repo = h.laoke.ds.manager;
    expect(await repo.countBy(Purchase, { memberId: dup.id })).toBe(0);
    expect(await repo.countBy(Purchase, { memberId: chen.id, idempotencyKey: 'dup-merge-1' })).toBe(1);
    expect(await repo.countBy(ChatMessage, { memberId: chen.id })).toBe(chenMessages + messages);
    expect(await repo.countBy(Complaint, { memberId: chen.id })).toBeGreaterThanOrEqual(complaints);
    expect(await repo.countBy(Complaint, { memberId: dup.id })).toBe(0);
    expect((await repo.findBy(MemberTag, { memberId: chen.id })).map((t) => t.tag).sort()).toEqual(['孕妈', '爱穿裙装'].sort());
    expect(await repo.countBy(ChatIdentity, { memberId: chen.id, contactId: dupContact.id })).toBe(1);
    const absorbed = await members().findOneByOrFail({ id: dup.id });
    expect([absorbed.erasedAt !== null, absorbed.phoneHash]).toEqual([true, null]);
    // The spend and tier now count the absorbed purchases (¥12,000 → silver).
    const kept = await members().findOneByOrFail({ id: chen.id });
    expect(kept.tier).toBe('silver');
    const audit = await repo.findOneByOrFail(AuditEntry, { action: 'member.merge' });
    expect(audit.memberId).toBe(chen.id);
    expect(JSON.parse(audit.details!)).toMatchObject({ fromMemberId: dup.id, fromCode: dup.code, intoCode: chen.code });
    expect(audit.details).not.toMatch(/13800138001/);
    // The number now belongs to one member: the POS row imports, search finds one.
    const retry = await h.http.post('/admin/purchases/import').set(bearer(manager)).set('Content-Type', 'text/csv').send(csv);
    expect(retry.body).toMatchObject({ imported: 1, rejected: [] });
    // The absorbed contact now talks as the kept member.
    await h.say(dupContact, '你好呀');
    expect((await h.memberOf(dupContact.id)).id).toBe(chen.id);
  });

  it('refuses a merge into itself (400), of an erased or merged member (409), of an unknown one (404)', async () => {
    const self = await h.http.post(`/admin/members/${chen.id}/merge`).set(bearer(manager)).send({ fromMemberId: chen.id });
    expect(self.status).toBe(400);
    const merged = await members().findOneByOrFail({ id: dupId });
    expect(merged.erasedAt).not.toBeNull();
    const again = await h.http.post(`/admin/members/${chen.id}/merge`).set(bearer(manager)).send({ fromMemberId: merged.id });
    expect(again.status).toBe(409);
    const into = await h.http.post(`/admin/members/${merged.id}/merge`).set(bearer(manager)).send({ fromMemberId: chen.id });
    expect(into.status).toBe(409);
    const unknown = await h.http.post(`/admin/members/${chen.id}/merge`).set(bearer(manager)).send({ fromMemberId: 99999 });
    expect(unknown.status).toBe(404);
    expect((await members().findOneByOrFail({ id: chen.id })).erasedAt).toBeNull();
  });
});
