import dayjs from 'dayjs';
import '../shared/store-time';

/** 14:05, or 11月23日 14:05 on another day: how a member reads a time in chat. */
export function formatStoreDateTime(at: Date, tz: string, now: Date = at): string {
  const d = dayjs(at).tz(tz);
  return d.isSame(dayjs(now).tz(tz), 'day') ? d.format('HH:mm') : `${d.month() + 1}月${d.date()}日 ${d.format('HH:mm')}`;
}
