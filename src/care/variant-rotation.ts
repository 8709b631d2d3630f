import { hash } from 'node:crypto';

/**
 * Picks a template variant for one member and occasion: spread evenly (a stable hash of member,
 * occasion and date, so a second planning run renders the same text) and never the variant the member
 * got for the previous occurrence of the same occasion (last year's birthday, last year's 中秋 …).
 */
export function pickVariant(opts: { count: number; seed: string; previous: number | null | undefined }): number {
  const { count, seed, previous } = opts;
  if (count <= 0) throw new Error('a template needs at least one variant');
  const h = hash('sha1', seed, 'buffer').readUInt32BE(0);
  if (count === 1) return 0;
  if (previous === null || previous === undefined || previous < 0 || previous >= count) return h % count;
  // Any variant but the previous one, evenly.
  const pick = h % (count - 1);
  return pick >= previous ? pick + 1 : pick;
}
