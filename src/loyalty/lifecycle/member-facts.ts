import type { TemplateLibrary } from '../../shared/templates';

/** Fen as yuan for staff and members: 12000 → "120", 12050 → "120.50". */
export const yuan = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** The tier's Chinese name (金卡), 普通会员 without a tier; never the internal code. */
export function tierLabel(t: TemplateLibrary, tier: string): string {
  if (t.has(`purchases.tier.names.${tier}`) && tier !== 'default') return t.render(`purchases.tier.names.${tier}`);
  return t.render('loyalty.lost.no_tier');
}
