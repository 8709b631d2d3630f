import { z } from 'zod';

/**
 * RFM_CONFIG: how the nightly job scores recency, frequency and money (1–5 each) and what low-value
 * members are spared. JSON merged over these defaults, validated at start. No imports beyond zod, so
 * `src/config.ts` can read it without pulling in the loyalty module.
 */

/** Care occasions a low-value member may be left out of (the rest always run: birthdays, purchase follow-ups …). */
export const LOW_VALUE_SKIPPABLE = ['long_time_no_see', 'season', 'festival', 'targeted_festival'] as const;

const rising = (what: string) =>
  z
    .array(z.number().int().min(0))
    .length(4)
    .refine((v) => v.every((x, i) => i === 0 || x > v[i - 1]), `${what}: four rising numbers (the limits of scores 2, 3, 4 and 5)`);

/** Fixed limits instead of quintiles: a score is 1 + the number of limits the member reaches. */
const thresholdsSchema = z.strictObject({
  /** Days since the last purchase at most this many → scores 5, 4, 3, 2 (the first is the most recent). */
  recencyDays: rising('recencyDays'),
  /** Purchases in the window at least this many → scores 2, 3, 4, 5. */
  frequency: rising('frequency'),
  /** Spend in the window (yuan) at least this much → scores 2, 3, 4, 5. */
  monetaryYuan: rising('monetaryYuan'),
});

export const rfmConfigSchema = z
  .strictObject({
    /** Months of purchases scored (the issue: the last 12). */
    windowMonths: z.number().int().min(1).max(36).default(12),
    /** Absent or null: quintiles among the members who bought in the window. */
    thresholds: thresholdsSchema.nullable().default(null),
    /** A score at least this high counts as high (recent, frequent, big). */
    highScore: z.number().int().min(2).max(5).default(4),
    /** A score at most this low counts as low. */
    lowScore: z.number().int().min(1).max(4).default(2),
    /** Low-value members get only automated, low-frequency care: these occasions are not planned for them. */
    lowValueSkips: z.array(z.enum(LOW_VALUE_SKIPPABLE)).default(['long_time_no_see', 'season']),
    /** Store time of the nightly scoring (after the tier refresh at 02:40). */
    scoreTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h)').default('03:05'),
    /** Members written per statement when scores change (keeps transactions and locks short). */
    batchSize: z.number().int().min(1000).max(200_000).default(50_000),
  })
  .refine((c) => c.lowScore < c.highScore, { message: 'lowScore must be below highScore', path: ['lowScore'] });

export type RfmConfig = z.infer<typeof rfmConfigSchema>;
export type RfmThresholds = z.infer<typeof thresholdsSchema>;

export const defaultRfmConfig = (): RfmConfig => rfmConfigSchema.parse({});

/** `RFM_CONFIG` as an environment variable: JSON text → the typed configuration. */
export const rfmConfigEnv = z
  .string()
  .default('{}')
  .transform((raw, ctx): RfmConfig => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON, e.g. {"highScore":4,"lowValueSkips":["long_time_no_see"]}' });
      return z.NEVER;
    }
    const parsed = rfmConfigSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      return z.NEVER;
    }
    return parsed.data;
  });
