/**
 * Phone numbers shown to people who do not need them in full (another assistant's member, a forwarded
 * message): the first three and last four digits stay so a person can still recognise the number.
 */
/** 138****5678 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
