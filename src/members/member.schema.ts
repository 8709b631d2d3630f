import { z } from 'zod';
import type { Member } from './member.entity';
import { MemberService } from './member.service';

/** A stored birthday as the API shows it (see MemberService.birthdayOf). */
export const birthdayOutSchema = z
  .object({
    calendar: z.enum(['solar', 'lunar']),
    year: z.number().int().nullable(),
    month: z.number().int(),
    day: z.number().int(),
    leapMonth: z.boolean(),
  })
  .meta({ id: 'Birthday' });

/** The basic profile (DOMAIN.md "basic" fields) as both the staff and the mini-program API show it. */
export const profileFieldsSchema = z.object({
  gender: z.enum(['female', 'male']).nullable(),
  ageRange: z.string().nullable(),
  birthday: birthdayOutSchema.nullable(),
  address: z.string().nullable(),
  email: z.string().nullable(),
  occupation: z.string().nullable(),
  isMother: z.boolean().nullable(),
  isFather: z.boolean().nullable(),
  isTeacher: z.boolean().nullable(),
});

/** Those fields of a member; the address comes decrypted by the caller (who decides whether to show it). */
export function profileFieldsOf(m: Member, address: string | null): z.infer<typeof profileFieldsSchema> {
  return {
    gender: m.gender,
    ageRange: m.ageRange,
    birthday: MemberService.birthdayOf(m),
    address,
    email: m.email,
    occupation: m.occupation,
    isMother: m.isMother,
    isFather: m.isFather,
    isTeacher: m.isTeacher,
  };
}
