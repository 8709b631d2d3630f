import iconv from 'iconv-lite';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import { startHarness, type Harness } from '../support/harness';

/**
 * POS files as Chinese tills and Excel write them: GBK / GB18030 bytes, UTF-8 with a BOM, Excel's
 * trailing empty cell and Chinese dates, ￥ amounts, refunds; a file that decodes to garbage is refused whole.
 */
describe('staff API: POS import of files as Chinese tills export them', () => {
  let h: Harness;
  let manager: string;
  let chen: Member;
  let liu: Member;
  const members = () => h.laoke.ds.getRepository(Member);
  const purchases = () => h.laoke.ds.getRepository(Purchase);
  const post = (body: Buffer, contentType = 'text/csv') =>
    h.http.post('/admin/purchases/import').set('Authorization', `Bearer ${manager}`).set('Content-Type', contentType).send(body);
  const HEADER = '时间,会员手机号,商品,品类,数量,金额,门店,导购';

  beforeAll(async () => {
    h = await startHarness();
    manager = h.managerToken!;
    chen = await members().findOneByOrFail({ name: '陈女士' });
    liu = await members().findOneByOrFail({ name: '刘先生' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('imports a GBK export (no charset given) with the Chinese intact', async () => {
    const csv = [HEADER, '2026-11-10 14:32,13800138001,羊毛大衣（驼色）,外套,1,1299.00,南京路店,李丽'].join('\r\n');
    const bytes = iconv.encode(csv, 'gbk');
    expect(bytes.toString('utf8')).not.toContain('羊毛'); // really not UTF-8
    const res = await post(bytes);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, imported: 1, rejected: [] });
    const p = await purchases().findOneByOrFail({ memberId: chen.id, items: '羊毛大衣（驼色）' });
    expect([p.category, p.store, p.assistantId]).toEqual(['外套', '南京路店', 2]);
  });

  it('imports GB18030 declared in the Content-Type, four-byte characters included', async () => {
    const csv = [HEADER, '2026-11-10 15:00,13800138001,𠮷字款丝巾,配饰,1,88,南京路店,张敏'].join('\r\n');
    const res = await post(iconv.encode(csv, 'gb18030'), 'text/csv; charset=GB18030');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 1, rejected: [] });
    expect(await purchases().countBy({ memberId: chen.id, items: '𠮷字款丝巾' })).toBe(1);
  });

  it('imports UTF-8 with a BOM (Excel "CSV UTF-8") with a trailing empty cell, Chinese dates and ￥ amounts', async () => {
    const csv = [
      `${HEADER},`,
      '2026年11月11日 18:24,13800138001,真丝衬衫,上衣,1,"￥1,099.00",南京路店,李丽,',
      '2026/11/11 18:30,13800138001,袜子,配饰,2,¥39,南京路店,李丽,',
      '2026-11-11 18:40:00,13800138001,手套,配饰,1,89元,南京路店,李丽,',
      '2026.11.12,13800138001,帽子,配饰,1,"1,200.50",南京路店,李丽,',
      '2026年11月12日,13800138001,发夹,配饰,1,15,南京路店,李丽,',
    ].join('\r\n');
    const res = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, imported: 5, rejected: [] });
    const rows = await purchases().find({ where: { memberId: chen.id }, order: { purchasedAt: 'ASC', id: 'ASC' } });
    const byItem = new Map(rows.map((r) => [r.items, r]));
    expect(byItem.get('真丝衬衫')).toMatchObject({ amountFen: 109900 });
    expect(byItem.get('真丝衬衫')!.purchasedAt.toISOString()).toBe('2026-11-11T10:24:00.000Z');
    expect(byItem.get('袜子')).toMatchObject({ amountFen: 3900, quantity: 2 });
    expect(byItem.get('手套')).toMatchObject({ amountFen: 8900 });
    expect(byItem.get('帽子')).toMatchObject({ amountFen: 120050 });
    expect(byItem.get('帽子')!.purchasedAt.toISOString()).toBe('2026-11-11T16:00:00.000Z');
    expect(byItem.get('发夹')!.purchasedAt.toISOString()).toBe('2026-11-11T16:00:00.000Z');
  });

  it('refuses a file that decodes to garbage, whole, with a Chinese message, and stores nothing', async () => {
    const before = await purchases().count();
    // A UTF-8 file that some tool read as GBK and saved again as UTF-8: valid bytes, unreadable text.
    const utf8 = Buffer.from([HEADER, '2026-11-12 10:00,13800138001,羊毛大衣,外套,1,1299,南京路店,李丽'].join('\n'), 'utf8');
    const mojibake = Buffer.from(iconv.decode(utf8, 'gbk'), 'utf8');
    const res1 = await post(mojibake);
    expect(res1.status).toBe(400);
    expect(res1.body.error.message).toMatch(/乱码/);
    // Bytes that are neither UTF-8 nor GB18030 text.
    const noise = Buffer.concat([iconv.encode(HEADER + '\n', 'gbk'), Buffer.from([0x81, 0x20, 0xff, 0xfe, 0x80, 0x0a, 0x81, 0x7f, 0x2c, 0xfe, 0x39])]);
    const res2 = await post(noise);
    expect(res2.status).toBe(400);
    expect(res2.body.error.message).toMatch(/乱码|编码/);
    // An Excel workbook sent instead of a CSV.
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 1)]);
    const res3 = await post(xlsx);
    expect(res3.status).toBe(400);
    expect(res3.body.error.message).toMatch(/另存为.*CSV/);
    // A declared charset the bytes do not match.
    const res4 = await post(iconv.encode([HEADER, '2026-11-12 10:00,13800138001,羊毛大衣,外套,1,1299,南京路店,李丽'].join('\n'), 'gbk'), 'text/csv; charset=utf-8');
    expect(res4.status).toBe(400);
    expect(res4.body.error.message).toMatch(/UTF-8/);
    expect(await purchases().count()).toBe(before);
  });

  it('names the line and column of every problem in Chinese, and counts rejected rows, not problems', async () => {
    const csv = [
      HEADER,
      '2026-11-12 10:00,13700000000,衬衫,上衣,1,299,南京路店,李丽',
      '昨天,12345,衬衫,上衣,0,abc,南京路店,李丽',
      '2026-11-12 10:00,13800138001,衬衫,上衣,1,299,南京路店',
    ].join('\n');
    const res = await post(iconv.encode(csv, 'gbk'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, imported: 0 });
    expect(res.body.rejected).toHaveLength(3);
    const [noMember, many, short] = res.body.rejected;
    expect(noMember).toMatchObject({ line: 2, column: 2, field: 'phone' });
    expect(noMember.reason).toMatch(/^第2行第2列（会员手机号）：.*没有.*会员/);
    expect(many.line).toBe(3);
    expect(many.problems.map((p: { column: number }) => p.column)).toEqual([1, 2, 5, 6]);
    for (const text of ['第3行第1列（时间）', '第3行第2列（会员手机号）', '第3行第5列（数量）', '第3行第6列（金额）']) expect(many.reason).toContain(text);
    expect(short.reason).toMatch(/^第4行：.*8列.*7列/);
    for (const r of res.body.rejected) expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(res.body)).not.toMatch(/13700000000|12345/);
    const audit = await h.http.get('/admin/audit').query({ action: 'purchase.import' }).set('Authorization', `Bearer ${manager}`);
    expect(audit.body.items[0].details).toMatchObject({ total: 3, rejected: 3 });
  });

  it('imports refunds (negative amounts) as refunds that lower the 12-month spend and the tier', async () => {
    const csv = [
      HEADER,
      '2026-11-15 11:00,13900139002,羊绒大衣,外套,1,"￥10,500.00",南京路店,张敏',
      '2026-11-16 12:00,13900139002,羊绒大衣（退货）,外套,-1,"-1,000.00",南京路店,张敏',
    ].join('\r\n');
    const first = await post(iconv.encode(csv.split('\r\n').slice(0, 2).join('\r\n'), 'gbk'));
    expect(first.body).toMatchObject({ imported: 1 });
    expect((await members().findOneByOrFail({ id: liu.id })).tier).toBe('silver');
    const res = await post(iconv.encode(csv, 'gbk'));
    expect(res.body).toMatchObject({ imported: 1, duplicates: 1, rejected: [] });
    const refund = await purchases().findOneByOrFail({ memberId: liu.id, items: '羊绒大衣（退货）' });
    expect([refund.amountFen, refund.quantity, refund.isFirstPurchase]).toEqual([-100000, 1, false]);
    const summary = await h.laoke.services.purchases.summaryForMember(liu.id);
    expect(summary).toMatchObject({ count: 1, spend12mFen: 950000 });
    expect(summary.lastAt?.toISOString()).toBe('2026-11-15T03:00:00.000Z');
    const after = await members().findOneByOrFail({ id: liu.id });
    expect(after.tier).toBe('none');
    expect(after.lastPurchaseAt?.toISOString()).toBe('2026-11-15T03:00:00.000Z');
    const detail = await h.http.get(`/admin/members/${liu.id}`).set('Authorization', `Bearer ${manager}`);
    expect(detail.body.purchases.summary).toMatchObject({ count: 1, spend12mFen: 950000, totalFen: 950000 });
    expect(detail.body.purchases.recent[0]).toMatchObject({ items: '羊绒大衣（退货）', amountFen: -100000 });
  });

  it('sends no "how is your purchase" follow-up for a refund, nor for a purchase returned since', async () => {
    const zhao = await members().findOneByOrFail({ nickname: '赵阿姨' });
    const csv = ['时间,会员号,商品,数量,金额', `2026-11-17 10:00,${zhao.code},棉服（退货）,1,-399`].join('\n');
    expect((await post(iconv.encode(csv, 'gbk'))).body).toMatchObject({ imported: 1 });
    // Planned for 3 days after each purchase day: 11-15 (刘先生 bought, returned part on 11-16) and 11-17 (a refund only).
    h.clock.set(new Date('2026-11-18T06:30:00+08:00'), { freeze: true });
    await h.laoke.scheduler.runNow('care-plan');
    h.clock.set(new Date('2026-11-20T06:30:00+08:00'), { freeze: true });
    await h.laoke.scheduler.runNow('care-plan');
    const followups = await h.laoke.ds.getRepository(OutboxMessage).find({ where: [{ occasion: 'post_purchase' }, { occasion: 'first_purchase_followup' }] });
    expect(followups.filter((r) => r.memberId === zhao.id || r.memberId === liu.id)).toEqual([]);
  });
});
