import { migrations } from '../../src/db/migrations';

/** The timestamp at the end of a migration's class name (TypeORM orders by it). */
const stampOf = (m: { name: string }) => Number(/(\d{13})$/.exec(m.name)?.[1]);

describe('the migration list', () => {
  it('is in timestamp order, each with its own timestamp', () => {
    const stamps = migrations.map(stampOf);
    expect(stamps.every(Number.isFinite)).toBe(true);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});
