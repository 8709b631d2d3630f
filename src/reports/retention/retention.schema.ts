import { z } from 'zod';

export const RETENTION_UNITS = ['week', 'month'] as const;
export type RetentionUnit = (typeof RETENTION_UNITS)[number];

const count = z.number().int();

export const retentionFiguresSchema = z.object({
  atStart: count.describe('members at the start: joined before, data not erased, not lost (removed the store account)'),
  new: count.describe('joined in the period'),
  lost: count.describe('removed the store account (lifecycle `lost`)'),
  readded: count.describe('a lost member added the store account again'),
  erased: count.describe('erased their data'),
  net: count.describe('new − lost + readded − erased'),
  atEnd: count.describe('atStart + net'),
  lapsed: count.describe('turned dormant in the period (last purchase DORMANT_AFTER_DAYS before) and not bought since'),
  cameBack: count.describe('bought again after more than DORMANT_AFTER_DAYS without a purchase'),
  retentionRate: z.number().nullable().describe('percent of the members at start still members at the end (null: none at start)'),
});

export const retentionPeriodSchema = retentionFiguresSchema.extend({
  key: z.string().describe('first day of the period'),
  from: z.string(),
  to: z.string().describe('last day of the period, included'),
});

export const retentionReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(RETENTION_UNITS),
  dormantDays: count,
  periods: z.array(retentionPeriodSchema),
  totals: retentionFiguresSchema.describe('the whole range: at start of the first period, flows summed, rate chained over the periods'),
  assistants: z.array(retentionFiguresSchema.extend({ assistantId: count.nullable().describe('null: members without an assistant'), name: z.string() })),
});

export type RetentionFigures = z.infer<typeof retentionFiguresSchema>;
export type RetentionPeriod = z.infer<typeof retentionPeriodSchema>;
export type RetentionReport = z.infer<typeof retentionReportSchema>;
