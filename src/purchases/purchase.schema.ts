import { z } from 'zod';
import { isoDateTime } from '../admin/admin.schema';
import type { Purchase } from './purchase.entity';

/** A purchase as the staff API shows it (the purchases API and the member detail). */
export const purchaseOutSchema = z
  .object({
    id: z.number().int(),
    purchasedAt: isoDateTime,
    items: z.string(),
    category: z.string().nullable(),
    quantity: z.number().int(),
    amountFen: z.number().int(),
    amount: z.number(),
    store: z.string().nullable(),
    assistantId: z.number().int().nullable(),
    isFirstPurchase: z.boolean(),
    source: z.string(),
  })
  .meta({ id: 'Purchase' });

export function purchaseOut(
  p: Pick<Purchase, 'id' | 'purchasedAt' | 'items' | 'category' | 'quantity' | 'amountFen' | 'store' | 'assistantId' | 'isFirstPurchase' | 'source'>,
): z.infer<typeof purchaseOutSchema> {
  return {
    id: p.id,
    purchasedAt: p.purchasedAt.toISOString(),
    items: p.items,
    category: p.category,
    quantity: p.quantity,
    amountFen: p.amountFen,
    amount: p.amountFen / 100,
    store: p.store,
    assistantId: p.assistantId,
    isFirstPurchase: p.isFirstPurchase,
    source: p.source,
  };
}
