/** 2027-01-31 → 2027年1月31日 (members and staff read dates this way). */
export function chineseDate(ymd: string): string {
  return `${Number(ymd.slice(0, 4))}年${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;
}

/** 2027-01-31 → 1月31日. */
export function monthDay(ymd: string): string {
  return `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;
}

/** +500 / −300 as members read a change. */
export function signedPoints(points: number): string {
  return points > 0 ? `+${points}` : `−${Math.abs(points)}`;
}
