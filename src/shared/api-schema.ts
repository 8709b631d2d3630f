import { z } from 'zod';
import { queryInt } from './input-schema';

/** Shared pieces of the staff API's zod schemas (pure: any module's schema file may use them). */
export const pageQuery = {
  page: queryInt(1, 100_000).default(1),
  pageSize: queryInt(1, 100).default(20),
};

export const isoDateTime = z.string().meta({ format: 'date-time' });

export const staffRefSchema = z.object({ id: z.number().int(), name: z.string() }).meta({ id: 'StaffRef' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
