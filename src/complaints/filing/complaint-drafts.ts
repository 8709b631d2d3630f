import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../db/sql-dialect';
import type { Clock } from '../../shared/clock';
import { ComplaintDraft } from '../complaint-draft.entity';

/** A complaint left halfway in chat: kept when the dialog lapses, offered again at the next `投诉`. */
export class ComplaintDrafts {
  constructor(private readonly deps: { ds: DataSource; clock: Clock }) {}

  private get repo() {
    return this.deps.ds.getRepository(ComplaintDraft);
  }

  async save(memberId: number, step: string, data: Record<string, unknown>): Promise<void> {
    const row = { step, data: JSON.stringify(data), savedAt: this.deps.clock.now() };
    const updated = await this.repo.update({ memberId }, row);
    if (!updated.affected) {
      try {
        await this.repo.insert({ memberId, ...row });
      } catch (err) {
        // Saved by another instance in the same instant: ours is as recent.
        if (!isUniqueViolation(err)) throw err;
        await this.repo.update({ memberId }, row);
      }
    }
  }

  async take(memberId: number): Promise<{ step: string; data: Record<string, unknown> } | null> {
    const row = await this.repo.findOneBy({ memberId });
    if (!row) return null;
    await this.repo.delete({ id: row.id });
    return { step: row.step, data: JSON.parse(row.data) as Record<string, unknown> };
  }
}
