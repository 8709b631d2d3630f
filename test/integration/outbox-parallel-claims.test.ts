import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { OutboxClaims } from '../../src/outbox/outbox-claims';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { onMysql } from '../support/test-db';
import { startHarness, type Harness } from '../support/harness';
import { addMember, at, insertRows, rowFor } from './outbox-fixtures';

/**
 * Two dispatchers (two instances: separate DataSources on one database) claim due rows at once. Each
 * must get rows of its own: on MySQL the claim locks only the row it takes; on SQLite it stays a
 * conditional update. Never the same row twice.
 */
describe('two dispatchers claiming outbox rows at once', () => {
  let h: Harness;
  let ds2: DataSource;
  let first: OutboxClaims;
  let second: OutboxClaims;
  const now = at('2026-11-23T10:00:00');
  const outbox = () => h.laoke.ds.getRepository(OutboxMessage);

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00' });
    ds2 = createDataSource(h.laoke.config.db);
    await ds2.initialize();
    first = new OutboxClaims({ ds: h.laoke.ds, clock: h.clock });
    second = new OutboxClaims({ ds: ds2, clock: h.clock });
    const liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    const members = [];
    for (let i = 0; i < 24; i++) members.push(await addMember(h, `wx-p${i}`, `并行${i}`, liliId));
    // Mixed priorities and due times, and rows not due yet that no claim may take.
    await insertRows(h, [
      ...members.slice(0, 8).map((m) => rowFor(m, 'birthday', { dueAt: at('2026-11-23T09:00:00') })),
      ...members.slice(8, 20).map((m, i) => rowFor(m, 'festival', { dueAt: at(`2026-11-23T0${i % 10}:30:00`) })),
      ...members.slice(20).map((m) => rowFor(m, 'birthday', { dueAt: at('2026-11-23T11:00:00') })),
    ]);
  });
  afterAll(async () => {
    await ds2.destroy();
    await h.close();
  });

  it('plans the claim over an index that serves its order, without sorting the due rows', async () => {
    if (onMysql()) {
      const [sql, params] = first.claimQuery(h.laoke.ds.manager, now).getQueryAndParameters();
      const plan: { key: string | null; Extra: string | null }[] = await h.laoke.ds.query(`EXPLAIN ${sql}`, params);
      expect(plan).toHaveLength(1);
      expect(plan[0].key).toBe('idx_outbox_account_claim');
      expect(plan[0].Extra ?? '').not.toMatch(/filesort/i);
    } else {
      const plan: { detail: string }[] = await h.laoke.ds.query(
        'EXPLAIN QUERY PLAN SELECT id FROM outbox_message WHERE account = ? AND status = ? AND dueAt <= ? ORDER BY priority ASC, valueRank ASC, dueAt ASC, id ASC LIMIT 5',
        ['store', 'queued', now.toISOString()],
      );
      expect(plan.map((p) => p.detail).join(' | ')).toMatch(/idx_outbox_account_claim/);
      expect(plan.map((p) => p.detail).join(' | ')).not.toMatch(/TEMP B-TREE/i);
    }
  });

  it('leaves the other due rows to a second dispatcher while one holds its claim open (MySQL locks; SQLite passes over the claimed row)', async () => {
    if (onMysql()) {
      await h.laoke.ds.transaction(async (em) => {
        const held = await first.lockNextDue(em, now);
        expect(held).not.toBeNull();
        const other = await second.claimOne(now);
        expect(other).not.toBeNull();
        expect(other!.id).not.toBe(held!.id);
        await second.finish(other!, 'queued', { claimedBy: null, claimedAt: null });
      });
    } else {
      const held = (await first.claimOne(now))!;
      const other = await second.claimOne(now);
      expect(other).not.toBeNull();
      expect(other!.id).not.toBe(held.id);
      await first.finish(held, 'queued', { claimedBy: null, claimedAt: null });
      await second.finish(other!, 'queued', { claimedBy: null, claimedAt: null });
    }
    expect(await outbox().countBy({ status: 'sending' })).toBe(0);
  });

  it('gives both dispatchers rows when they claim at the same moment, never one row twice, and nothing not yet due', async () => {
    const claimed: { id: number; by: string }[] = [];
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.all([first.claimOne(now), second.claimOne(now)]);
      expect([a !== null, b !== null]).toEqual([true, true]);
      claimed.push({ id: a!.id, by: a!.claimedBy! }, { id: b!.id, by: b!.claimedBy! });
    }
    expect([await first.claimOne(now), await second.claimOne(now)]).toEqual([null, null]);
    expect(new Set(claimed.map((c) => c.id)).size).toBe(20);
    const rows = await outbox().find({ order: { id: 'ASC' } });
    expect(rows.filter((r) => r.status === 'sending').map((r) => r.id).sort((x, y) => x - y)).toEqual(claimed.map((c) => c.id).sort((x, y) => x - y));
    expect(rows.filter((r) => r.dueAt > now).every((r) => r.status === 'queued')).toBe(true);
    for (const c of claimed) expect(rows.find((r) => r.id === c.id)!.claimedBy).toBe(c.by);
  });
});
