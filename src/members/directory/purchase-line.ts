import { z } from 'zod';
import { isoDateTime } from '../../shared/api-schema';

/**
 * One purchase as staff see it in a member's history (DOMAIN.md: purchase history is part of the
 * member record). The purchases module records purchases and answers with these lines.
 */
export interface PurchaseLineSource {
  id: number;
  purchasedAt: Date;
  items: string;
  category: string | null;
  quantity: number;
  amountFen: number;
  store: string | null;
  assistantId: number | null;
  isFirstPurchase: boolean;
  source: string;
}

export interface MemberPurchaseSummary {
  count: number;
  totalFen: number;
  spend12mFen: number;
  firstAt: Date | null;
  lastAt: Date | null;
}

export const purchaseLineSchema = z
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

export function purchaseLine(p: PurchaseLineSource): z.infer<typeof purchaseLineSchema> {
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
