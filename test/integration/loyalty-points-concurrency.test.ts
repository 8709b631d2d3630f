import { Member } from '../../src/members/member.entity';
import { bootSecondInstance, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const onMysql = (process.env.DATABASE_URL ?? '').startsWith('mysql');

/** Two redemptions at once never spend the same points: the balance row is the lock. */
describe('points: concurrent redemptions', () => {
  let h: Harness;
  let liu: Member;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    liu = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '刘先生' });
  });
  afterAll(async () => {
    await h.close();
  });

  const sums = async (memberId: number) => {
    const [row] = (await h.laoke.ds.query(
      `SELECT (SELECT balance FROM points_account WHERE memberId = ?) AS balance,
              (SELECT COALESCE(SUM(points), 0) FROM points_entry WHERE memberId = ?) AS ledger,
              (SELECT COALESCE(SUM(remaining), 0) FROM points_lot WHERE memberId = ?) AS lots,
              (SELECT MIN(balanceAfter) FROM points_entry WHERE memberId = ?) AS lowest`,
      [memberId, memberId, memberId, memberId],
    )) as Record<string, unknown>[];
    return { balance: Number(row.balance), ledger: Number(row.ledger), lots: Number(row.lots), lowest: Number(row.lowest) };
  };

  it('lets exactly 3 of 10 parallel redemptions of 300 through on a balance of 1000', async () => {
    await h.http.post(`/admin/members/${liu.id}/points/adjustments`).set(bearer(h.managerToken!)).send({ points: 1000, reason: '开卡礼' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.http.post(`/admin/members/${liu.id}/points/redemptions`).set(bearer(h.managerToken!)).send({ points: 300, note: `第${i + 1}份` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await sums(liu.id)).toEqual({ balance: 100, ledger: 100, lots: 100, lowest: 100 });
  });

  it('holds across two service instances sharing the database (MySQL/MariaDB)', async () => {
    if (!onMysql) return; // SQLite is one embedded process: a second instance is not a deployment it has.
    const second = await bootSecondInstance(h);
    try {
      await h.http.post(`/admin/members/${liu.id}/points/adjustments`).set(bearer(h.managerToken!)).send({ points: 900, reason: '补录' });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? second.http : h.http).post(`/admin/members/${liu.id}/points/redemptions`).set(bearer(h.managerToken!)).send({ points: 250 })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(4);
      expect(results.filter((r) => r.status === 409)).toHaveLength(8);
      expect(await sums(liu.id)).toMatchObject({ balance: 0, ledger: 0, lots: 0 });
    } finally {
      await second.laoke.stop();
    }
  });
});
