import type { ComplaintService } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The admin role: staff accounts only, no member data. */
describe('the admin role (staff accounts only, no member data)', () => {
  let h: Harness;
  let chen: Member;
  let owner: Staff;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    owner = (await h.laoke.services.members.assistantOf(chen))!;
  });
  afterAll(async () => {
    await h.close();
  });

  let adminToken: string;
  let ticketNo: string;

  beforeAll(async () => {
    const admin = await h.laoke.services.staff.create({ name: '系统管理员', role: 'admin', wechatContactId: 'staff-admin' });
    adminToken = await h.laoke.services.staff.issueToken(admin.id);
    const filed = await h.http.post('/admin/complaints').set(bearer(h.managerToken!)).send({ memberId: chen.id, description: '锅把手松了', category: 'quality' });
    expect(filed.status).toBe(201);
    ticketNo = filed.body.ticketNo;
  });

  it('answers 403 when an admin lists or reads complaints, the complaints report or the drafts', async () => {
    expect((await h.http.get('/admin/complaints').set(bearer(adminToken))).status).toBe(403);
    expect((await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(adminToken))).status).toBe(403);
    expect((await h.http.get('/admin/reports/complaints').set(bearer(adminToken))).status).toBe(403);
    expect((await h.http.get('/admin/care/drafts').set(bearer(adminToken))).status).toBe(403);
    expect((await h.http.get('/admin/outbox/check').set(bearer(adminToken))).status).toBe(403);
    // The manager still reads them.
    expect((await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(h.managerToken!))).status).toBe(200);
  });

  it('leaves a severe compensation pending when an admin tries to approve it in chat', async () => {
    const ownerToken = await h.laoke.services.staff.issueToken(owner.id);
    const severe = await h.http.post(`/admin/complaints/${ticketNo}/compensations`).set(bearer(ownerToken)).send({ refundYuan: 199, note: '把手脱落' });
    expect(severe.body.status).toBe('pending');
    const [reply] = await h.say({ id: 'staff-admin', name: '系统管理员' }, `#${ticketNo} 批准`);
    expect(reply).not.toMatch(/已批准/);
    const svc = h.laoke.services.complaints;
    const admin = (await h.laoke.services.staff.findByContact('staff-admin'))!;
    const c = await svc.queries.byTicket(ticketNo);
    await expect(svc.compensations.decide(admin, c, true, null)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await svc.queries.compensations(c.id)).find((x) => x.id === severe.body.id)?.status).toBe('pending');
  });
});
