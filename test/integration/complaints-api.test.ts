import type { ComplaintService } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

describe('the staff complaints API', () => {
  let h: Harness;
  let chen: Member;
  let liu: Member;
  let chenAssistant: Staff;
  let otherAssistant: Staff;
  let ownerToken: string;
  let otherToken: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    h = await startHarness();
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    liu = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '刘先生' });
    chenAssistant = (await h.laoke.services.members.assistantOf(chen))!;
    otherAssistant = (await h.laoke.ds.getRepository(Staff).findOneByOrFail({ name: chenAssistant.name === '李丽' ? '张敏' : '李丽' }));
    ownerToken = await h.laoke.services.staff.issueToken(chenAssistant.id);
    otherToken = await h.laoke.services.staff.issueToken(otherAssistant.id);
  });
  afterAll(async () => {
    await h.close();
  });

  it('lets an assistant file for their own member, who is told in chat', async () => {
    const res = await h.http
      .post('/admin/complaints')
      .set(auth(ownerToken))
      .send({ memberCode: chen.code, description: '电话里说：上周买的锅把手松了', category: 'quality' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ticketNo: 'T20261122-0001', channel: 'staff', status: 'open', member: { code: chen.code, name: '陈女士' } });
    expect(JSON.stringify(res.body)).not.toContain('13800138001');
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(new RegExp(`导购${chenAssistant.name}已经为您登记了投诉，单号 T20261122-0001`));
    const refused = await h.http.post('/admin/complaints').set(auth(otherToken)).send({ memberCode: chen.code, description: '测试', category: 'other' });
    expect(refused.status).toBe(403);
  });

  it('validates bodies and rejects unknown fields', async () => {
    const res = await h.http.post('/admin/complaints').set(auth(ownerToken)).send({ memberCode: chen.code, description: '', category: 'weather', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const bad = await h.http.get('/admin/complaints/not-a-ticket').set(auth(ownerToken));
    expect(bad.status).toBe(400);
  });

  it('opens tickets for the mini-program through the service, listed for the member', async () => {
    const svc = h.laoke.services.complaints;
    const c = await svc.open({ memberId: liu.id, channel: 'mp', description: '小程序下单后一直没发货', category: 'delivery' });
    expect(c.ticketNo).toBe('T20261122-0002');
    expect((await svc.listForMember(liu.id)).map((x) => x.ticketNo)).toEqual(['T20261122-0002']);
  });

  it('shows an assistant only the tickets of their members, and a manager all of them', async () => {
    const mine = await h.http.get('/admin/complaints').set(auth(ownerToken));
    const all = await h.http.get('/admin/complaints').set(auth(h.managerToken!));
    expect(all.body.total).toBe(2);
    const liuAssistant = liu.assistantId === chenAssistant.id;
    expect(mine.body.items.map((i: { ticketNo: string }) => i.ticketNo)).toEqual(liuAssistant ? ['T20261122-0002', 'T20261122-0001'] : ['T20261122-0001']);
    const hidden = await h.http.get('/admin/complaints/T20261122-0001').set(auth(otherToken));
    expect(hidden.status).toBe(404);
    const byCategory = await h.http.get('/admin/complaints?category=delivery').set(auth(h.managerToken!));
    expect(byCategory.body.items.map((i: { ticketNo: string }) => i.ticketNo)).toEqual(['T20261122-0002']);
    const byStatus = await h.http.get('/admin/complaints?status=closed').set(auth(h.managerToken!));
    expect(byStatus.body.total).toBe(0);
  });

  it('replies with a saved reply, acknowledging and answering the ticket', async () => {
    const unknown = await h.http.post('/admin/complaints/T20261122-0001/replies').set(auth(ownerToken)).send({ savedReply: '不存在' });
    expect(unknown.status).toBe(400);
    const res = await h.http.post('/admin/complaints/T20261122-0001/replies').set(auth(ownerToken)).send({ savedReply: '换货流程' });
    expect(res.status).toBe(200);
    expect(res.body.delivered).toBe(true);
    expect(res.body.acknowledgedAt).toBe(h.clock.now().toISOString());
    expect(res.body.firstAnsweredAt).toBe(h.clock.now().toISOString());
    expect(res.body.status).toBe('in_progress');
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/当场为您换一件新的[\s\S]*导购/);
    const list = await h.http.get('/admin/complaints/saved-replies').set(auth(ownerToken));
    expect(list.body.items.map((i: { name: string }) => i.name)).toContain('退换政策');
  });

  it('grants a minor coupon at once and holds a severe one for the manager’s decision', async () => {
    const minor = await h.http.post('/admin/complaints/T20261122-0001/compensations').set(auth(ownerToken)).send({ couponYuan: 5 });
    expect(minor.status).toBe(201);
    expect(minor.body).toMatchObject({ level: 'minor', status: 'granted', couponYuan: 5 });
    const noNote = await h.http.post('/admin/complaints/T20261122-0001/compensations').set(auth(ownerToken)).send({ exchange: true, couponYuan: 10 });
    expect(noNote.status).toBe(400);
    const severe = await h.http.post('/admin/complaints/T20261122-0001/compensations').set(auth(ownerToken)).send({ refundYuan: 199, note: '锅把手松脱烫伤风险' });
    expect(severe.body).toMatchObject({ level: 'severe', status: 'pending' });
    expect((await h.sentTo(DEMO.manager.id)).at(-1)).toMatch(/补偿待审批 T20261122-0001/);
    const byAssistant = await h.http.post(`/admin/complaints/T20261122-0001/compensations/${severe.body.id}/decision`).set(auth(ownerToken)).send({ approve: true });
    expect(byAssistant.status).toBe(403);
    const decided = await h.http.post(`/admin/complaints/T20261122-0001/compensations/${severe.body.id}/decision`).set(auth(h.managerToken!)).send({ approve: false, note: '先换新' });
    expect(decided.body).toMatchObject({ status: 'rejected', decisionNote: '先换新' });
    const again = await h.http.post(`/admin/complaints/T20261122-0001/compensations/${severe.body.id}/decision`).set(auth(h.managerToken!)).send({ approve: true });
    expect(again.status).toBe(409);
  });

  it('hands a ticket over, tags the root cause and resolves it, all in the timeline', async () => {
    const assign = await h.http.post('/admin/complaints/T20261122-0001/assign').set(auth(h.managerToken!)).send({ staffId: otherAssistant.id });
    expect(assign.body.assistant).toEqual({ id: otherAssistant.id, name: otherAssistant.name });
    expect((await h.sentTo(otherAssistant.wechatContactId!)).at(-1)).toMatch(/投诉转给您 T20261122-0001/);
    const cause = await h.http.put('/admin/complaints/T20261122-0001/root-cause').set(auth(otherToken)).send({ rootCause: '供应商质检疏漏' });
    expect(cause.body.rootCause).toBe('供应商质检疏漏');
    const resolved = await h.http.post('/admin/complaints/T20261122-0001/resolve').set(auth(otherToken)).send({ resolution: '已换新锅' });
    expect(resolved.body.status).toBe('resolved');
    const twice = await h.http.post('/admin/complaints/T20261122-0001/resolve').set(auth(otherToken)).send({ resolution: '再次' });
    expect(twice.status).toBe(409);
    const types = (resolved.body.timeline as { type: string; actor: { name: string } }[]).map((e) => `${e.type}:${e.actor.name}`);
    expect(types).toEqual([
      `filed:${chenAssistant.name}`,
      `reply:${chenAssistant.name}`,
      `compensation_granted:${chenAssistant.name}`,
      `compensation_requested:${chenAssistant.name}`,
      'compensation_rejected:王店长',
      'assigned:王店长',
      `root_cause:${otherAssistant.name}`,
      `resolved:${otherAssistant.name}`,
    ]);
  });

  it('keeps the report for managers and lists repeat complainers', async () => {
    const svc = h.laoke.services.complaints;
    await svc.open({ memberId: chen.id, channel: 'mp', description: '又一次：送货员态度差', category: 'service' });
    const forbidden = await h.http.get('/admin/reports/complaints').set(auth(ownerToken));
    expect(forbidden.status).toBe(403);
    const res = await h.http.get('/admin/reports/complaints').set(auth(h.managerToken!));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.repeatComplainers).toEqual([{ memberId: chen.id, code: chen.code, name: '陈女士', count: 2, tickets: ['T20261122-0001', 'T20261122-0003'] }]);
    expect(res.body.timeToAcknowledgeMinutes).toEqual({ count: 1, median: 0, p90: 0 });
    const badRange = await h.http.get('/admin/reports/complaints?from=2026-12-01&to=2026-11-01').set(auth(h.managerToken!));
    expect(badRange.status).toBe(400);
  });

  it('never writes phone numbers to the log', () => {
    expect(h.logLines.join('\n')).not.toMatch(/13800138001|13900139002/);
  });
});
