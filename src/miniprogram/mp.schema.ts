import { z } from 'zod';
import { profileFieldsSchema } from '../members';
/** Consent purposes a member can grant or withdraw in the mini-program, and the fields each one covers. */
export const CONSENT_PURPOSES = ['profile', 'birthday', 'address', 'preferences'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const AGE_RANGES = ['under18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

const shortText = (max: number) => z.string().trim().min(1).max(max);
const tagList = z.array(shortText(20)).max(10);

export const birthdaySchema = z
  .strictObject({
    calendar: z.enum(['solar', 'lunar']),
    year: z.number().int().min(1900).max(2100).nullable().optional(),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    /** Lunar only: born in a leap month (闰月). */
    leapMonth: z.boolean().optional(),
  })
  .meta({ id: 'MpBirthday', description: 'Solar or lunar (农历) birthday; the year is optional' });

/** The deep profile (DOMAIN.md): every field optional, collected only when the member wants to. */
export const profileExtraSchema = z
  .strictObject({
    workplace: shortText(64).nullable().optional(),
    hasSpouse: z.boolean().nullable().optional(),
    children: z.number().int().min(0).max(20).nullable().optional(),
    housing: shortText(64).nullable().optional(),
    personality: shortText(100).nullable().optional(),
    stylePreferences: tagList.nullable().optional(),
    colourPreferences: tagList.nullable().optional(),
    hobbies: tagList.nullable().optional(),
    preferredChannel: z.enum(['wechat', 'phone', 'sms', 'in_store']).nullable().optional(),
    preferredContactTime: z.enum(['morning', 'afternoon', 'evening', 'weekend', 'any']).nullable().optional(),
    acceptsPromotions: z.boolean().nullable().optional(),
  })
  .meta({ id: 'MpProfileExtra' });

export const profilePatchSchema = z
  .strictObject({
    nickname: shortText(64).nullable().optional(),
    name: shortText(20).nullable().optional(),
    /** Mainland mobile number; spaces, dashes and +86 are accepted and removed. */
    phone: z.string().max(32).nullable().optional(),
    gender: z.enum(['female', 'male']).nullable().optional(),
    ageRange: z.enum(AGE_RANGES).nullable().optional(),
    birthday: birthdaySchema.nullable().optional(),
    address: shortText(200).nullable().optional(),
    email: z.email().max(128).nullable().optional(),
    occupation: shortText(64).nullable().optional(),
    isMother: z.boolean().nullable().optional(),
    isFather: z.boolean().nullable().optional(),
    isTeacher: z.boolean().nullable().optional(),
    extra: profileExtraSchema.nullable().optional(),
    /** Opt out of (true) or back in to (false) proactive messages (greetings, follow-ups). */
    optedOut: z.boolean().optional(),
    /** Grant (true) or withdraw (false) consent per purpose; withdrawing erases that purpose's data. */
    consents: z.partialRecord(z.enum(CONSENT_PURPOSES), z.boolean()).optional(),
  })
  .meta({ id: 'MpProfilePatch' });
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

const consentView = z.object({
  purpose: z.string(),
  statement: z.string(),
  channel: z.string(),
  grantedAt: z.iso.datetime(),
  withdrawnAt: z.iso.datetime().nullable(),
});

export const profileSchema = z
  .object({
    code: z.string().meta({ description: 'Member code, e.g. M000012' }),
    nickname: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    ...profileFieldsSchema.shape,
    extra: z.record(z.string(), z.unknown()),
    tier: z.string(),
    lifecycle: z.string(),
    optedOut: z.boolean(),
    assistant: z.object({ name: z.string() }).nullable(),
    /** True once the member has linked a chat contact (绑定). */
    chatLinked: z.boolean(),
    consents: z.array(consentView).meta({ description: 'Consents in force, one per purpose' }),
    memberSince: z.iso.datetime(),
  })
  .meta({ id: 'MpProfile' });
export type ProfileView = z.infer<typeof profileSchema>;

export const loginBodySchema = z.strictObject({
  code: z.string().min(1).max(128).meta({ description: 'The code from wx.login(); `dev:<openid>` in dev mode (no appid)' }),
});

export const loginResponseSchema = z
  .object({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    expiresAt: z.iso.datetime(),
    isNewMember: z.boolean(),
    member: z.object({ code: z.string(), name: z.string().nullable(), chatLinked: z.boolean() }),
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
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
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
    description: z.string().trim().min(2).max(1000),
    category: z.enum(COMPLAINT_CATEGORIES).default('other'),
    orderNo: z.string().trim().min(1).max(64).optional(),
    /** Photos as base64 (at most 3; the whole body must stay under 1 MB). */
    photos: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(128),
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
    comment: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'MpSurveyAnswer' });

export const eraseResponseSchema = z
  .object({ erasedAt: z.iso.datetime(), confirmedInChat: z.boolean() })
  .meta({ id: 'MpErasure' });
