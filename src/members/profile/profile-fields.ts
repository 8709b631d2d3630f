import type { Member } from '../member.entity';

/** The free-form profile extras (stored as JSON text); unreadable text reads as empty. */
export function safeJson(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Every personal column of a member cleared (erasure, or the shell left by a merge). */
export function emptiedProfile(): Partial<Member> {
  return {
    name: null,
    nickname: null,
    phoneEnc: null,
    phoneHash: null,
    gender: null,
    ageRange: null,
    birthdayCalendar: null,
    birthYear: null,
    birthMonth: null,
    birthDay: null,
    birthLeapMonth: false,
    addressEnc: null,
    email: null,
    occupation: null,
    isMother: null,
    isFather: null,
    isTeacher: null,
    profileExtra: null,
  };
}
