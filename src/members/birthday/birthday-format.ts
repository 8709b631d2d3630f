import type { Birthday } from './birthday-rules';

export const LUNAR_MONTH_NAMES = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'] as const;

/** 初一…初十, 十一…十九, 二十, 廿一…廿九, 三十. */
export function lunarDayName(day: number): string {
  if (day <= 10) return `初${'一二三四五六七八九十'[day - 1]}`;
  if (day < 20) return `十${'一二三四五六七八九'[day - 11]}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${'一二三四五六七八九'[day - 21]}`;
  return '三十';
}

/** 农历八月十五 / 农历2025年闰六月廿三 / 1990年5月3日 / 3月12日: a birthday as members read it. */
export function formatBirthday(b: Pick<Birthday, 'calendar' | 'year' | 'month' | 'day' | 'leapMonth'>): string {
  const year = b.year ? `${b.year}年` : '';
  if (b.calendar === 'solar') return `${year}${b.month}月${b.day}日`;
  return `农历${year}${b.leapMonth ? '闰' : ''}${LUNAR_MONTH_NAMES[b.month - 1]}月${lunarDayName(b.day)}`;
}
