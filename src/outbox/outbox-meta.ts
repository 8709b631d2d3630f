import type { TemplateLibrary } from '../shared/templates';
import type { Occasion } from './outbox.port';

/** A row's `meta` JSON: reply handling after delivery (a chat dialog to start) and occasion facts. */
export interface OutboxMeta {
  dialog?: { name: string; step: string; data?: Record<string, unknown> };
  [key: string]: unknown;
}

export function parseMeta(meta: string | null): OutboxMeta {
  if (!meta) return {};
  try {
    const v = JSON.parse(meta) as unknown;
    return v && typeof v === 'object' ? (v as OutboxMeta) : {};
  } catch {
    return {};
  }
}

/** The occasion in words for staff: the planner's label (e.g. 中秋节, 立冬) when it recorded one. */
export function occasionLabel(templates: TemplateLibrary, row: { occasion: Occasion | string; meta: string | null }): string {
  const label = parseMeta(row.meta).label;
  if (typeof label === 'string' && label.trim()) return label.trim();
  const key = `outbox.occasion.${row.occasion}`;
  return templates.has(key) ? templates.render(key) : String(row.occasion);
}
