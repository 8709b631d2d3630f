import type { DataSource } from 'typeorm';
import type { PersonalDataHolder } from '../members';
import { Purchase } from './purchase.entity';

/** Purchases in the member's export; on erasure they stay, tied to the anonymous record, so sales still add up. */
export function purchasesPersonalData(ds: DataSource): PersonalDataHolder {
  return {
    async exportFor(memberId) {
      const purchases = await ds.getRepository(Purchase).find({ where: { memberId }, order: { purchasedAt: 'ASC', id: 'ASC' } });
      return {
        purchases: purchases.map((p) => ({ purchasedAt: p.purchasedAt, items: p.items, category: p.category, quantity: p.quantity, amountFen: p.amountFen, store: p.store })),
      };
    },
    exportedTables: [Purchase],
  };
}
