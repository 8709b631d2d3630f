import { z } from 'zod';
import { singleLine } from '../../shared/input-schema';
import { profileFieldsSchema } from '../member.schema';

export const CONSENT_PURPOSES = ['profile', 'birthday', 'address', 'preferences'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const AGE_RANGES = ['under18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

const shortText = (max: number) => singleLine(max);
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
    phone: singleLine(32, { min: 0 }).nullable().optional(),
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
