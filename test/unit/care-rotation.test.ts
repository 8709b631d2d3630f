import { pickVariant } from '../../src/care/variant-rotation';

describe('care template variant rotation', () => {
  it('never picks the variant the member got for the previous occurrence', () => {
    for (let member = 1; member <= 500; member++) {
      for (const previous of [0, 1, 2, 3]) {
        const v = pickVariant({ count: 4, seed: `${member}:birthday:2027-03-12`, previous });
        expect(v).not.toBe(previous);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(4);
      }
    }
  });

  it('spreads members over every variant and is stable for the same seed', () => {
    const seen = new Set<number>();
    for (let member = 1; member <= 200; member++) seen.add(pickVariant({ count: 3, seed: `${member}:festival:2026-09-25`, previous: null }));
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(pickVariant({ count: 3, seed: 'x', previous: 1 })).toBe(pickVariant({ count: 3, seed: 'x', previous: 1 }));
  });

  it('still rotates when last year used a variant that no longer exists, and copes with one variant', () => {
    expect(pickVariant({ count: 3, seed: 'a', previous: 7 })).toBeLessThan(3);
    expect(pickVariant({ count: 1, seed: 'a', previous: 0 })).toBe(0);
    expect(() => pickVariant({ count: 0, seed: 'a', previous: null })).toThrow();
  });
});
