import { ComplaintEvent, ComplaintPhoto, Complaint, type ComplaintService } from '../../src/complaints';
import { startHarness, type Harness } from '../support/harness';

describe('erasing a member who complained', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('removes the member’s words and photos but keeps the ticket as an anonymous row for reports', async () => {
    const complaints = h.laoke.services.complaints;
    const ticket = await complaints.open({
      memberId: 1,
      channel: 'chat',
      description: '收到的杯子有裂缝，我住在幸福路8号',
      category: 'quality',
      orderNo: 'A1001',
      photos: [{ name: 'crack.png', mediaType: 'image/png', base64: Buffer.from('png-bytes').toString('base64') }],
    });
    expect(await h.laoke.ds.getRepository(ComplaintPhoto).countBy({ complaintId: ticket.id })).toBe(1);

    expect(await complaints.eraseForMember(1)).toBe(1);

    const after = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ id: ticket.id });
    expect(after.description).toBe('');
    expect(after.orderNo).toBeNull();
    expect(after.category).toBe('quality');
    expect(after.ticketNo).toBe(ticket.ticketNo);
    expect(await h.laoke.ds.getRepository(ComplaintPhoto).countBy({ complaintId: ticket.id })).toBe(0);
    const events = await h.laoke.ds.getRepository(ComplaintEvent).findBy({ complaintId: ticket.id });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.text === null)).toBe(true);
  });
});
