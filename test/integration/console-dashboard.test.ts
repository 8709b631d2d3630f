import { Complaint } from '../../src/complaints/complaint.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { SurveyResponse } from '../../src/surveys/survey-response.entity';
import { startHarness, type Harness } from '../support/harness';

/** Store time, Asia/Shanghai (+08:00). */
const at = (local: string) => new Date(`${local}+08:00`);
const DAY = 86_400_000;

/**
 * GET /admin/dashboard/summary and the CSV downloads over a store whose every row is known: each figure is
 * checked against what it must be. Store days are +08:00, so 00:10 on the 21st is still the 20th in UTC.
 */
describe('console dashboard summary and report downloads', () => {
  let h: Harness;
  let manager: Staff;
  let amei: Staff;
  let xiaobei: Staff;
  const tokens: Record<string, string> = {};
  const member: Record<string, Member> = {};
  const NOW = at('2026-11-22T10:00:00');

  const get = (path: string, who: string) => h.http.get(path).set('Authorization', `Bearer ${tokens[who]}`);

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00', seed: false });
    const staff = h.laoke.services.staff;
    manager = await staff.create({ name: '王店长', role: 'manager' });
    amei = await staff.create({ name: '阿美', role: 'assistant' });
    xiaobei = await staff.create({ name: '小北', role: 'assistant' });
    for (const [k, s] of Object.entries({ manager, amei, xiaobei })) tokens[k] = await staff.issueToken(s.id, { label: 'test' });
    const admin = await staff.create({ name: '管理员', role: 'admin' });
    tokens.admin = await staff.issueToken(admin.id, { label: 'test' });

    const members = h.laoke.ds.getRepository(Member);
    let n = 0;
    const add = async (key: string, fields: Partial<Member>) => {
      n += 1;
      const row = members.create({ code: `M90000${n}`, name: key, source: 'staff', tier: 'none', lifecycle: 'new', optedOut: false, createdAt: NOW, updatedAt: NOW, ...fields });
      member[key] = await members.save(row);
    };
    await add('一号', { createdAt: at('2026-11-20T09:00:00'), assistantId: amei.id });
    await add('二号', { createdAt: at('2026-11-20T23:30:00'), assistantId: amei.id });
    await add('三号', { createdAt: at('2026-11-21T00:10:00'), assistantId: xiaobei.id });
    // Turned dormant on the 21st (90 days after the last purchase); a gold member nobody wrote to since September.
    await add('四号', { createdAt: at('2026-06-01T10:00:00'), assistantId: xiaobei.id, tier: 'gold', lifecycle: 'dormant', lastPurchaseAt: new Date(at('2026-11-21T12:00:00').getTime() - 90 * DAY), lastContactAt: at('2026-09-01T10:00:00') });
    await add('五号', { createdAt: at('2026-09-01T10:00:00'), assistantId: amei.id, optedOut: true, optedOutAt: at('2026-11-22T08:00:00') });
    // A regular who turns dormant in ten days.
    await add('六号', { createdAt: at('2026-05-01T10:00:00'), assistantId: amei.id, lifecycle: 'regular', lastPurchaseAt: new Date(NOW.getTime() - 80 * DAY), lastContactAt: NOW });

    const outbox = h.laoke.ds.getRepository(OutboxMessage);
    let o = 0;
    const queue = async (fields: Partial<OutboxMessage>) => {
      o += 1;
      await outbox.insert({ idempotencyKey: `test-${o}`, memberId: member['一号'].id, assistantId: amei.id, occasion: 'birthday', occasionDate: '2026-11-21', priority: 1, text: '生日快乐', status: 'sent', needsApproval: false, attempts: 0, reason: null, sentAt: null, createdAt: NOW, updatedAt: NOW, dueAt: NOW, ...fields });
    };
    await queue({ status: 'sent', occasion: 'birthday', dueAt: at('2026-11-21T09:00:00'), sentAt: at('2026-11-21T10:00:00') });
    await queue({ status: 'sent', occasion: 'post_purchase', dueAt: at('2026-11-21T09:00:00'), sentAt: at('2026-11-21T11:00:00') });
    await queue({ status: 'skipped', reason: 'opted_out', dueAt: at('2026-11-21T09:00:00') });
    await queue({ status: 'skipped', reason: 'opted_out', dueAt: at('2026-11-22T09:00:00') });
    await queue({ status: 'skipped', reason: 'open_complaint', dueAt: at('2026-11-22T09:00:00') });
    await queue({ status: 'draft', dueAt: at('2026-11-22T11:00:00') });
    await queue({ status: 'draft', assistantId: xiaobei.id, memberId: member['三号'].id, dueAt: at('2026-11-22T15:00:00') });
    await queue({ status: 'draft', dueAt: at('2026-11-23T09:00:00') });

    const complaints = h.laoke.ds.getRepository(Complaint);
    const file = (fields: Partial<Complaint>) =>
      complaints.insert({ channel: 'chat', category: 'quality', description: '起球', reopenCount: 0, updatedAt: NOW, ...fields } as Complaint);
    await file({ ticketNo: 'T20261121-0001', memberId: member['一号'].id, assistantId: amei.id, status: 'resolved', createdAt: at('2026-11-21T10:00:00'), acknowledgedAt: at('2026-11-21T10:20:00'), firstAnsweredAt: at('2026-11-21T12:00:00'), firstResolvedAt: at('2026-11-21T15:00:00'), resolvedAt: at('2026-11-21T15:00:00'), rootCause: '=面料' });
    await file({ ticketNo: 'T20261121-0002', memberId: member['三号'].id, assistantId: xiaobei.id, status: 'in_progress', category: 'service', createdAt: at('2026-11-21T11:00:00'), ackBreachedAt: at('2026-11-21T12:00:00'), acknowledgedAt: at('2026-11-21T12:30:00') });
    await file({ ticketNo: 'T20261122-0001', memberId: member['二号'].id, assistantId: amei.id, status: 'open', createdAt: at('2026-11-22T08:00:00') });

    const surveys = h.laoke.ds.getRepository(SurveyResponse);
    const answer = (fields: Partial<SurveyResponse>) => surveys.insert({ memberId: member['一号'].id, assistantId: amei.id, status: 'completed', startedAt: NOW, updatedAt: NOW, ...fields } as SurveyResponse);
    await answer({ surveyKey: '2026Q4', quality: 5, price: 4, nps: 10 });
    await answer({ surveyKey: '2026Q4', memberId: member['二号'].id, quality: 3, nps: 6 });
    await answer({ surveyKey: '2026Q3', quality: 4, nps: 9 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('gives a manager the whole store today: overdue complaints first, drafts due today, members to contact', async () => {
    const res = await get('/admin/dashboard/summary?days=7', 'manager');
    expect(res.status).toBe(200);
    expect(res.body.today).toEqual({
      openComplaints: [
        // Filed at 08:00, before the store opens at 09:00: due an hour after opening (store hours), so due now.
        { ticketNo: 'T20261122-0001', memberName: '二号', status: 'open', dueAt: at('2026-11-22T10:00:00').toISOString(), overdue: true },
        { ticketNo: 'T20261121-0002', memberName: '三号', status: 'in_progress', dueAt: at('2026-11-22T11:00:00').toISOString(), overdue: false },
      ],
      draftsToApprove: 2,
      membersToContact: [
        { memberId: member['六号'].id, code: member['六号'].code, name: '六号', reason: 'at_risk' },
        { memberId: member['四号'].id, code: member['四号'].code, name: '四号', reason: 'vip_quiet' },
      ],
    });
  });

  it('draws the manager’s charts from the known rows, by store day', async () => {
    const { charts } = (await get('/admin/dashboard/summary?days=7', 'manager')).body;
    expect(charts.members.map((d: { date: string }) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    expect(charts.members.slice(4)).toEqual([
      { date: '2026-11-20', new: 2, lost: 0, net: 2 },
      { date: '2026-11-21', new: 1, lost: 1, net: 0 },
      { date: '2026-11-22', new: 0, lost: 1, net: -1 },
    ]);
    expect(charts.members.slice(0, 4).every((d: { new: number; lost: number }) => d.new === 0 && d.lost === 0)).toBe(true);
    expect(charts.messages.slice(5)).toEqual([
      { date: '2026-11-21', sent: 2, skippedByReason: { opted_out: 1 } },
      { date: '2026-11-22', sent: 0, skippedByReason: { opted_out: 1, open_complaint: 1 } },
    ]);
    expect(charts.complaints.slice(5)).toEqual([
      { date: '2026-11-21', met: 1, breached: 1, medianAckMinutes: 55 },
      { date: '2026-11-22', met: 0, breached: 0, medianAckMinutes: null },
    ]);
    expect(charts.satisfaction).toEqual([
      { quarter: '2026Q1', responses: 0, average: null, nps: null },
      { quarter: '2026Q2', responses: 0, average: null, nps: null },
      { quarter: '2026Q3', responses: 1, average: 4, nps: 100 },
      { quarter: '2026Q4', responses: 2, average: 4, nps: 0 },
    ]);
    expect(charts.assistants).toEqual([
      { id: amei.id, name: '阿美', greetingsSent: 1, complaintsHandled: 1, members: 4 },
      { id: xiaobei.id, name: '小北', greetingsSent: 0, complaintsHandled: 0, members: 2 },
    ]);
  });

  it('gives an assistant only their own today and no charts; an admin (no member data) 403', async () => {
    const mine = await get('/admin/dashboard/summary', 'amei');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      today: {
        openComplaints: [{ ticketNo: 'T20261122-0001', memberName: '二号', status: 'open', dueAt: at('2026-11-22T10:00:00').toISOString(), overdue: true }],
        draftsToApprove: 1,
        membersToContact: [{ memberId: member['六号'].id, code: member['六号'].code, name: '六号', reason: 'at_risk' }],
      },
      charts: null,
    });
    const his = (await get('/admin/dashboard/summary', 'xiaobei')).body.today;
    expect(his.openComplaints.map((c: { ticketNo: string }) => c.ticketNo)).toEqual(['T20261121-0002']);
    expect(his.draftsToApprove).toBe(1);
    expect(his.membersToContact).toEqual([{ memberId: member['四号'].id, code: member['四号'].code, name: '四号', reason: 'vip_quiet' }]);
    expect((await get('/admin/dashboard/summary', 'admin')).status).toBe(403);
    expect((await get('/admin/dashboard/summary?days=3', 'manager')).status).toBe(400);
  });

  const parseCsv = (text: string) => text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

  it('downloads the complaints of a period as CSV: UTF-8 with BOM, Chinese headers, one row per ticket, formulas defused', async () => {
    const res = await get('/admin/reports/complaints.csv?from=2026-11-21&to=2026-11-22', 'manager').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="laoke-complaints-2026-11-21_2026-11-22.csv"');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(bytes.toString('utf8'));
    expect(lines[0]).toBe('投诉单号,提交时间,渠道,类别,状态,负责人,会员号,受理用时（分钟）,解决用时（小时）,超时未受理,超时未答复,原因,顾客满意,回访评分,重开次数');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(`T20261121-0001,2026-11-21 10:00,微信,商品质量,已处理，待顾客确认,阿美,${member['一号'].code},20,5,否,否,'=面料,,,0`);
    expect(lines[2]).toMatch(/^T20261121-0002,2026-11-21 11:00,微信,服务态度,处理中,小北,M\d+,90,,是,否,/);
    expect((await get('/admin/reports/complaints.csv', 'amei')).status).toBe(403);
  });

  it('downloads care per assistant and the satisfaction survey as CSV with Chinese headers', async () => {
    const care = await get('/admin/reports/care.csv?month=2026-11', 'manager');
    expect(care.status).toBe(200);
    expect(care.text.startsWith('\uFEFF导购,问候已发,回访已做,问卷已发,跳过,没发出去,待核实\r\n')).toBe(true);
    expect(parseCsv(care.text)).toContain('阿美,1,1,0,3,0,0');
    expect(parseCsv(care.text).at(-1)).toBe('合计,1,1,0,3,0,0');
    const own = parseCsv((await get('/admin/reports/care.csv?month=2026-11', 'xiaobei')).text);
    expect(own).toEqual(['导购,问候已发,回访已做,问卷已发,跳过,没发出去,待核实', '小北,0,0,0,0,0,0', '合计,0,0,0,0,0,0']);

    const sat = await get('/admin/reports/satisfaction.csv?quarter=2026Q4', 'manager');
    expect(sat.status).toBe(200);
    expect(sat.headers['content-disposition']).toBe('attachment; filename="laoke-satisfaction-2026Q4.csv"');
    const lines = parseCsv(sat.text);
    expect(lines[0]).toBe('季度,项目,回答数,结果');
    expect(lines).toContain('2026Q4,商品质量,2,4');
    expect(lines).toContain('2026Q4,净推荐值（NPS）,2,0');
  });
});
