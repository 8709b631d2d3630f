import { z } from 'zod';

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
