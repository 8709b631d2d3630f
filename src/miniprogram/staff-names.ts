import type { DataSource } from 'typeorm';
import type { Clock } from '../shared/clock';
import { Staff } from '../staff';

/**
 * Staff names by id, read from the database at most once per `ttlMs`, and at once for an id above every id
 * read (staff ids only grow, so a new assistant shows without delay). The store has a handful of staff whose
 * names rarely change: a rename shows up to `ttlMs` late, which is harmless, and `GET /mp/me` saves a join
 * on every request.
 */
export class StaffNames {
  private names = new Map<number, string>();
  private maxId = 0;
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(private readonly deps: { ds: DataSource; clock: Clock; ttlMs?: number }) {}

  /** The name of staff `id`, or null when there is no such staff. */
  async nameOf(id: number): Promise<string | null> {
    const age = this.deps.clock.now().getTime() - this.loadedAt;
    const fresh = age >= 0 && age < (this.deps.ttlMs ?? 30_000); // a clock set back counts as stale
    const known = this.names.get(id);
    if (fresh && (known !== undefined || id <= this.maxId)) return known ?? null;
    await this.reload();
    return this.names.get(id) ?? null;
  }

  /** One read of every staff name; requests arriving meanwhile wait for the same read. */
  private reload(): Promise<void> {
    this.loading ??= (async () => {
      const at = this.deps.clock.now().getTime();
      const rows = await this.deps.ds.getRepository(Staff).find({ select: { id: true, name: true } });
      this.names = new Map(rows.map((s) => [s.id, s.name]));
      this.maxId = Math.max(0, ...rows.map((s) => s.id));
      this.loadedAt = at;
    })().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }
}
