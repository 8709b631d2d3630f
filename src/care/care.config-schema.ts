import { z } from 'zod';

/**
 * Which care occasions run, when their messages go out, their day offsets and whether an assistant must
 * approve them. Read from the `CARE_CONFIG` environment variable (JSON), merged over these defaults and
 * validated at start like every other setting.
 */

export const FESTIVAL_IDS = [
  'new_year',
  'spring_festival',
  'lantern',
  'dragon_boat',
  'qixi',
  'mid_autumn',
  'double_ninth',
  'christmas',
] as const;
export type FestivalId = (typeof FESTIVAL_IDS)[number];

export const TARGETED_FESTIVAL_IDS = ['womens_day', 'mothers_day', 'fathers_day', 'teachers_day'] as const;
export type TargetedFestivalId = (typeof TARGETED_FESTIVAL_IDS)[number];

/** Left unhandled at the cut-off, a draft is sent as it is (auto-send) or dropped as skipped (approval-required). */
export type CareMode = 'auto-send' | 'approval-required';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h), e.g. 10:00');
const mode = z.enum(['auto-send', 'approval-required']);

const dated = (d: { sendTime: string; mode: CareMode }) =>
  z.strictObject({
    enabled: z.boolean().default(true),
    /** Store time the message is due on its day. */
    sendTime: hhmm.default(d.sendTime),
    /** Days between the occasion and the message: 0 on the day, -1 the day before. */
    offsetDays: z.number().int().min(-7).max(7).default(0),
    mode: mode.default(d.mode),
  });

const afterEvent = (d: { sendTime: string; mode: CareMode; days: number; min: number; max: number }) =>
  z.strictObject({
    enabled: z.boolean().default(true),
    sendTime: hhmm.default(d.sendTime),
    /** Days after the event (purchase, last contact). */
    days: z.number().int().min(d.min).max(d.max).default(d.days),
    mode: mode.default(d.mode),
  });

export const careConfigSchema = z.strictObject({
  /** Store time of the daily planning run (job `care-plan`); before the assistants' morning digest. */
  planTime: hhmm.default('06:30'),
  /** Members read and rows inserted per batch. */
  batchSize: z.number().int().min(10).max(1000).default(500),
  occasions: z
    .strictObject({
      birthday: dated({ sendTime: '10:00', mode: 'auto-send' }).prefault({}),
      festival: dated({ sendTime: '10:00', mode: 'auto-send' })
        .extend({ festivals: z.array(z.enum(FESTIVAL_IDS)).default([...FESTIVAL_IDS]) })
        .prefault({}),
      targeted_festival: dated({ sendTime: '10:00', mode: 'auto-send' })
        .extend({ festivals: z.array(z.enum(TARGETED_FESTIVAL_IDS)).default([...TARGETED_FESTIVAL_IDS]) })
        .prefault({}),
      season: dated({ sendTime: '10:00', mode: 'auto-send' }).prefault({}),
      long_time_no_see: afterEvent({ sendTime: '15:00', mode: 'approval-required', days: 60, min: 7, max: 730 })
        .extend({
          /** A quiet spell that crossed the threshold while planning did not run is still caught this many days later. */
          catchUpDays: z.number().int().min(0).max(30).default(3),
        })
        .prefault({}),
      post_purchase: afterEvent({ sendTime: '14:00', mode: 'auto-send', days: 3, min: 1, max: 30 }).prefault({}),
      first_purchase_followup: afterEvent({ sendTime: '14:00', mode: 'auto-send', days: 10, min: 7, max: 15 }).prefault({}),
    })
    .prefault({}),
});

export type CareConfig = z.infer<typeof careConfigSchema>;
export type CareOccasionName = keyof CareConfig['occasions'];

export const defaultCareConfig = (): CareConfig => careConfigSchema.parse({});

/** `CARE_CONFIG` as an environment variable: JSON text → the full, typed configuration. */
export const careConfigEnv = z
  .string()
  .default('{}')
  .transform((raw, ctx): CareConfig => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON, e.g. {"occasions":{"birthday":{"sendTime":"09:30"}}}' });
      return z.NEVER;
    }
    const parsed = careConfigSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      }
      return z.NEVER;
    }
    return parsed.data;
  });
