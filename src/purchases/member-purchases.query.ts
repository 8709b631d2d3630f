import { type DataSource, In } from 'typeorm';
import type { Clock } from '../shared/clock';
import { Staff } from '../staff';
import { Purchase } from './purchase.entity';

/** A member's own purchases as they see them (mini-program), a page at a time, with the 12-month spend. */
export class MemberPurchasesQuery {
  constructor(private readonly deps: { ds: DataSource; clock: Clock }) {}

  async page(memberId: number, page: number, pageSize: number) {
    const { ds, clock } = this.deps;
    const repo = ds.getRepository(Purchase);
    const [rows, total] = await repo.findAndCount({
      where: { memberId },
      order: { purchasedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const since = new Date(clock.now().getTime() - 365 * 86_400_000);
    const sum = await repo
      .createQueryBuilder('p')
      .select('COALESCE(SUM(p.amountFen), 0)', 'total')
      .where('p.memberId = :memberId AND p.purchasedAt >= :since', { memberId, since })
      .getRawOne<{ total: string | number }>();
    const staffIds = [...new Set(rows.map((r) => r.assistantId).filter((id): id is number => id !== null))];
    const staff = staffIds.length ? await ds.getRepository(Staff).find({ where: { id: In(staffIds) }, select: { id: true, name: true } }) : [];
    const names = new Map(staff.map((s) => [s.id, s.name]));
    return {
      items: rows.map((p) => ({
        id: p.id,
        purchasedAt: p.purchasedAt.toISOString(),
        items: p.items,
        category: p.category,
        quantity: p.quantity,
        amountFen: p.amountFen,
        amount: (p.amountFen / 100).toFixed(2),
        store: p.store,
        assistant: p.assistantId !== null ? (names.get(p.assistantId) ?? null) : null,
      })),
      page,
      pageSize,
      total,
      last12MonthsFen: Math.max(0, Number(sum?.total ?? 0)),
    };
  }
}
