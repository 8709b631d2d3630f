import { Member } from '../../src/members/member.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import { startHarness, type Harness } from '../support/harness';

/** Importing a POS export: line-numbered rejects, good rows stored, a second import of the same file adds nothing. */
describe('staff API: POS purchase import', () => {
  let h: Harness;
  let manager: string;
  let chen: Member;
  let zhao: Member;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const postCsv = (csv: string, token = manager) => h.http.post('/admin/purchases/import').set(bearer(token)).set('Content-Type', 'text/csv').send(csv);

  const FILE = [
    '时间,会员手机号或会员号,商品,品类,数量,金额,门店,导购',
    '2026-11-20 14:32,138 0013 8001,羊毛大衣,外套,1,"1,299.00",南京路店,李丽',
    '2026-11-20 15:10,{{ZHAO}},围巾,配饰,2,198,南京路店,张敏',
    '2026-11-20 15:10,{{ZHAO}},围巾,配饰,2,198,南京路店,张敏',
    '2026-11-20 16:00,13700000000,衬衫,上衣,1,299,南京路店,李丽',
    '2026-11-20 16:30,13800138001,袜子,配饰,1,19.9,南京路店,王小二',
    '2026/11/31 10:00,13800138001,袜子,配饰,1,19.9,南京路店,李丽',
    '2026-11-20 17:00,13800138001,袜子,配饰,one,19.9,南京路店,李丽',
  ];

  beforeAll(async () => {
    h = await startHarness();
    manager = h.managerToken!;
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    zhao = await h.laoke.ds.getRepository(Member).findOneByOrFail({ nickname: '赵阿姨' });
  });
  afterAll(async () => {
    await h.close();
  });

  const file = () => FILE.join('\r\n').replace(/\{\{ZHAO\}\}/g, zhao.code);

  it('imports good rows and reports bad ones with line numbers and reasons', async () => {
    const res = await postCsv(file());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 7, imported: 4, duplicates: 0 });
    // One entry per row; reasons in Chinese, naming the line and column.
    const one = (line: number, field: string, column: number, reason: string | RegExp) => {
      const text = typeof reason === 'string' ? reason : expect.stringMatching(reason);
      return { line, field, column, reason: text, problems: [{ field, column, reason: text }] };
    };
    expect(res.body.rejected).toEqual([
      one(5, 'phone', 2, '第5行第2列（会员手机号或会员号）：没有会员登记这个手机号'),
      one(7, 'time', 1, /^第7行第1列（时间）：“2026\/11\/31 10:00”不是日期时间/),
      one(8, 'quantity', 5, /^第8行第5列（数量）：“one”不是数量/),
    ]);
    expect(res.body.warnings).toEqual([one(6, 'assistant', 8, /^第6行第8列（导购）：没有叫“王小二”的店员/)]);
    expect(JSON.stringify(res.body)).not.toMatch(/13700000000|13800138001/);
    const chens = await h.laoke.ds.getRepository(Purchase).find({ where: { memberId: chen.id }, order: { purchasedAt: 'ASC' } });
    expect(chens.map((p) => [p.items, p.amountFen, p.assistantId, p.source])).toEqual([
      ['羊毛大衣', 129900, 2, 'import'],
      ['袜子', 1990, null, 'import'],
    ]);
    expect(chens[0].purchasedAt.toISOString()).toBe('2026-11-20T06:32:00.000Z');
    // Two identical rows in one file are two purchases.
    expect(await h.laoke.ds.getRepository(Purchase).countBy({ memberId: zhao.id })).toBe(2);
    const m = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: zhao.id });
    expect(m.lifecycle).toBe('regular');
  });

  it('adds nothing when the same file is imported again', async () => {
    const before = await h.laoke.ds.getRepository(Purchase).count();
    const res = await postCsv(file());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 0, duplicates: 4 });
    expect(await h.laoke.ds.getRepository(Purchase).count()).toBe(before);
  });

  it('imports only the new rows of a later export that overlaps the first', async () => {
    const later = [...FILE.slice(0, 4), '2026-11-21 11:00,M000001,手套,配饰,1,89,南京路店,李丽'].join('\n').replace(/\{\{ZHAO\}\}/g, zhao.code);
    const res = await postCsv(later);
    expect(res.body).toMatchObject({ imported: 1, duplicates: 3, rejected: [] });
  });

  it('rejects a file without the required columns, naming them (400)', async () => {
    const res = await postCsv('备注,商品\n会员,大衣\n');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.missing).toEqual(['time', 'member (phone or member code)', 'amount']);
    expect(res.body.error.message).toMatch(/^表头（第1行）缺少必需的列：时间、会员手机号或会员号、金额/);
  });

  it('asks for a CSV body, not JSON or nothing', async () => {
    const json = await h.http.post('/admin/purchases/import').set(bearer(manager)).send({ csv: 'a,b' });
    expect(json.status).toBe(400);
    const empty = await postCsv('');
    expect(empty.status).toBe(400);
  });

  it('refuses a body over 1 MB with 413 in the JSON error format', async () => {
    const row = '2026-11-20 14:32,13800138001,羊毛大衣,外套,1,1299,南京路店,李丽\n';
    const big = FILE[0] + '\n' + row.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(row)) + 10);
    const res = await postCsv(big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('lets only managers import (403 for assistants, 401 without a token)', async () => {
    const lili = await h.laoke.services.staff.issueToken(2);
    expect((await postCsv(file(), lili)).status).toBe(403);
    expect((await h.http.post('/admin/purchases/import').set('Content-Type', 'text/csv').send(file())).status).toBe(401);
  });

  it('records each import in the audit log and never logs a phone number', async () => {
    const res = await h.http.get('/admin/audit').query({ action: 'purchase.import' }).set(bearer(manager));
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
    expect(res.body.items[res.body.items.length - 1].details).toMatchObject({ total: 7, imported: 4, rejected: 3 });
    expect(h.logLines.join('\n')).not.toMatch(/13800138001|138 0013 8001|13700000000/);
  });
});
