import { z } from 'zod';
import { multiLine, queryInt, singleLine } from '../shared/input-schema';

/** Consent purposes a member can grant or withdraw in the mini-program, and the fields each one covers. */
export const loginBodySchema = z.strictObject({
  code: singleLine(128).meta({ description: 'The code from wx.login(); `dev:<openid>` in dev mode (no appid)' }),
  referralCode: singleLine(16)
    .optional()
    .meta({ description: 'The referrer’s referral code (or member code M000123) the mini-program was opened with; used at the first login only' }),
});

export const loginResponseSchema = z
  .object({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    expiresAt: z.iso.datetime(),
    isNewMember: z.boolean(),
    member: z.object({ code: z.string(), name: z.string().nullable(), chatLinked: z.boolean() }),
    referral: z
      .object({ accepted: z.boolean(), reason: z.string().nullable().meta({ description: 'Why not: unknown_code, self, already_named, already_bought, not_new, known_phone, known_contact, loop' }) })
      .optional()
      .meta({ description: 'Present when a referralCode was given' }),
  })
  .meta({ id: 'MpLogin' });

export const bindingCodeResponseSchema = z
  .object({
    code: z.string().regex(/^\d{6}$/),
    expiresAt: z.iso.datetime(),
    /** What to show the member: send `绑定 <code>` to the store's WeChat account. */
    instruction: z.string(),
  })
  .meta({ id: 'MpBindingCode' });

export const purchasesQuerySchema = z.strictObject({
  page: queryInt(1, 10_000).default(1),
  pageSize: queryInt(1, 100).default(20),
});

export const purchaseViewSchema = z.object({
  id: z.number(),
  purchasedAt: z.iso.datetime(),
  items: z.string(),
  category: z.string().nullable(),
  quantity: z.number(),
  amountFen: z.number().meta({ description: 'Amount in fen (1/100 yuan)' }),
  amount: z.string().meta({ description: 'Amount in yuan, two decimals' }),
  store: z.string().nullable(),
  assistant: z.string().nullable(),
});

export const purchasesResponseSchema = z
  .object({
    items: z.array(purchaseViewSchema),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
    /** Spend over the last 12 months, in fen (what tiers are computed from). */
    last12MonthsFen: z.number(),
  })
  .meta({ id: 'MpPurchases' });

export const COMPLAINT_CATEGORIES = ['quality', 'service', 'price', 'delivery', 'environment', 'after_sales', 'other'] as const;

export const complaintBodySchema = z
  .strictObject({
    description: multiLine(1000, { min: 2 }),
    category: z.enum(COMPLAINT_CATEGORIES).default('other'),
    orderNo: singleLine(64).optional(),
    /** Photos as base64 (at most 3; the whole body must stay under 1 MB). */
    photos: z
      .array(
        z.strictObject({
          name: singleLine(128),
          mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
          base64: z.base64().min(4).max(1_000_000),
        }),
      )
      .max(3)
      .optional(),
  })
  .meta({ id: 'MpComplaintCreate' });

export const SURVEY_DIMENSIONS = ['quality', 'price', 'variety', 'environment', 'checkout', 'display', 'afterSales', 'nps'] as const;

export const surveyAnswerBodySchema = z
  .strictObject({
    /** Scores by dimension: 1–5 each, NPS (would you recommend us) 0–10. Partial answers are kept. */
    answers: z
      .partialRecord(z.enum(SURVEY_DIMENSIONS), z.number().int().min(0).max(10))
      .refine((a) => Object.keys(a).length > 0, 'Answer at least one question')
      .refine((a) => Object.entries(a).every(([k, v]) => k === 'nps' || (v ?? 1) >= 1 && (v ?? 1) <= 5), 'Scores are 1–5 (NPS 0–10)'),
    comment: multiLine(500, { min: 0 }).optional(),
  })
  .meta({ id: 'MpSurveyAnswer' });

export const eraseResponseSchema = z
  .object({ erasedAt: z.iso.datetime(), confirmedInChat: z.boolean() })
  .meta({ id: 'MpErasure' });

const surveyAnswersSchema = z.partialRecord(z.enum(SURVEY_DIMENSIONS), z.number().int()).meta({ description: 'Scores given so far, by question' });

export const surveyOpenSchema = z
  .object({
    survey: z.string().meta({ description: 'The quarter, e.g. 2026Q4' }),
    questions: z.array(z.object({ key: z.enum(SURVEY_DIMENSIONS), min: z.number().int(), max: z.number().int(), text: z.string() })),
    answers: surveyAnswersSchema,
  })
  .meta({ id: 'MpSurvey' });

export const surveyAnsweredSchema = z
  .object({ survey: z.string(), completed: z.boolean().meta({ description: 'Every question answered' }), answers: surveyAnswersSchema })
  .meta({ id: 'MpSurveyAnswered' });

/** The member's export: fixed sections, plus one section per module that holds their data (e.g. purchases). */
export const exportSchema = z
  .looseObject({
    exportedAt: z.iso.datetime(),
    store: z.string(),
    profile: z.record(z.string(), z.unknown()).meta({ description: 'As GET /mp/me answers it' }),
    identities: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
    consents: z.array(z.object({ purpose: z.string(), statement: z.string(), channel: z.string(), grantedAt: z.iso.datetime(), withdrawnAt: z.iso.datetime().nullable() })),
    messages: z.array(z.object({ at: z.iso.datetime(), direction: z.enum(['in', 'out']), kind: z.string(), text: z.string().nullable() })),
    other: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).meta({ description: 'Rows of other tables that name the member' }),
  })
  .meta({ id: 'MpExport' });
