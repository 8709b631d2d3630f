import { type DataSource, In, IsNull } from 'typeorm';
import type { PersonalDataCipher } from '../../privacy';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { TemplateLibrary } from '../../shared/templates';
import { Staff } from '../../staff';
import { birthdayDateProblem } from '../birthday';
import { ChatIdentity } from '../chat-identity.entity';
import type { PhoneConflicts } from '../duplicates/phone-conflicts';
import { MemberConsent } from '../member-consent.entity';
import { Member } from '../member.entity';
import { profileFieldsOf } from '../member.schema';
import type { MemberService } from '../member.service';
import { parsePhone } from '../profile-parsing';
import { safeJson } from './profile-fields';
import type { ConsentPurpose, ProfilePatch, ProfileView } from './profile.schema';

/** Which fields each consent purpose covers: setting one needs that consent, withdrawing it clears them. */
const PURPOSE_FIELDS: Record<ConsentPurpose, (keyof ProfilePatch)[]> = {
  profile: ['name', 'phone', 'gender', 'ageRange', 'email', 'occupation'],
  birthday: ['birthday'],
  address: ['address'],
  preferences: ['extra', 'isMother', 'isFather', 'isTeacher'],
};

type Detail = { path: string; message: string; code: string };

/** The member's own profile, for every caller (today the mini-program): see and correct it, with consent per purpose. */
export class MemberProfileService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      clock: Clock;
      log: Logger;
      cipher: PersonalDataCipher;
      members: MemberService;
      templates: TemplateLibrary;
      storeName: string;
      phoneConflicts: Pick<PhoneConflicts, 'tellAssistants'>;
    },
  ) {}

  async isChatLinked(memberId: number): Promise<boolean> {
    return this.deps.ds.getRepository(ChatIdentity).existsBy({ memberId });
  }

  async view(memberId: number): Promise<ProfileView> {
    const { ds, members } = this.deps;
    // Two round trips for the whole page (the hot read of the mini-program): member with assistant and
    // chat link in one query, consents in parallel.
    const [{ entities, raw }, consents] = await Promise.all([
      ds
        .getRepository(Member)
        .createQueryBuilder('m')
        .leftJoin(Staff, 's', 's.id = m.assistantId')
        .addSelect('s.name', 'assistantName')
        .addSelect((sub) => sub.select('COUNT(ci.id)').from(ChatIdentity, 'ci').where('ci.memberId = m.id'), 'chatLinks')
        .where('m.id = :memberId AND m.erasedAt IS NULL', { memberId })
        .getRawAndEntities<{ assistantName: string | null; chatLinks: number | string }>(),
      ds.getRepository(MemberConsent).find({ where: { memberId, withdrawnAt: IsNull() }, order: { grantedAt: 'DESC', id: 'DESC' } }),
    ]);
    const m = entities[0];
    if (!m) throw new NotFoundError('Member not found');
    const assistant = raw[0]?.assistantName ? { name: raw[0].assistantName } : null;
    const chatLinked = Number(raw[0]?.chatLinks ?? 0) > 0;
    const latest = new Map<string, MemberConsent>();
    for (const c of consents) if (!latest.has(c.purpose)) latest.set(c.purpose, c);
    return {
      code: m.code,
      nickname: m.nickname,
      name: m.name,
      phone: members.phoneOf(m),
      ...profileFieldsOf(m, members.addressOf(m)),
      extra: safeJson(m.profileExtra),
      tier: m.tier,
      lifecycle: m.lifecycle,
      optedOut: m.optedOut,
      assistant,
      chatLinked,
      consents: [...latest.values()].map((c) => ({
        purpose: c.purpose,
        statement: c.statement,
        channel: c.channel,
        grantedAt: c.grantedAt.toISOString(),
        withdrawnAt: null,
      })),
      memberSince: m.createdAt.toISOString(),
    };
  }

  /**
   * Progressive update: only the fields sent change; null clears a field. Setting a field needs the
   * consent of its purpose (already given, or granted in the same request); withdrawing a consent
   * clears that purpose's data.
   */
  async update(memberId: number, patch: ProfilePatch): Promise<ProfileView> {
    const { ds, clock, cipher, members, templates } = this.deps;
    const now = clock.now();
    const member = await members.get(memberId);
    const details: Detail[] = [];
    const given = new Set(
      (await ds.getRepository(MemberConsent).find({ where: { memberId, withdrawnAt: IsNull() }, select: { purpose: true } })).map((c) => c.purpose),
    );
    const grant = Object.entries(patch.consents ?? {}).filter(([, v]) => v === true).map(([k]) => k as ConsentPurpose);
    const withdraw = Object.entries(patch.consents ?? {}).filter(([, v]) => v === false).map(([k]) => k as ConsentPurpose);

    for (const [purpose, fields] of Object.entries(PURPOSE_FIELDS) as [ConsentPurpose, (keyof ProfilePatch)[]][]) {
      for (const f of fields) {
        const value = patch[f];
        if (value === undefined || value === null) continue;
        if (withdraw.includes(purpose)) {
          details.push({ path: f, message: `Cannot set ${f} while withdrawing the consent '${purpose}'`, code: 'consent_conflict' });
        } else if (!given.has(purpose) && !grant.includes(purpose)) {
          details.push({ path: f, message: `Needs the member's consent for '${purpose}' (send consents.${purpose}: true)`, code: 'consent_required' });
        }
      }
    }

    const set: Partial<Member> = {};
    let newPhone: string | null = null;
    if (patch.nickname !== undefined) set.nickname = patch.nickname;
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.phone !== undefined) {
      if (patch.phone === null) Object.assign(set, { phoneEnc: null, phoneHash: null });
      else {
        const parsed = parsePhone(patch.phone);
        if (!parsed.ok) details.push({ path: 'phone', message: 'Expected an 11-digit mainland mobile number', code: parsed.reason });
        else {
          newPhone = parsed.value;
          Object.assign(set, { phoneEnc: cipher.encrypt(parsed.value), phoneHash: members.phoneLookupHash(parsed.value) });
        }
      }
    }
    if (patch.address !== undefined) set.addressEnc = patch.address === null ? null : cipher.encrypt(patch.address);
    for (const f of ['gender', 'ageRange', 'email', 'occupation', 'isMother', 'isFather', 'isTeacher'] as const) {
      if (patch[f] !== undefined) (set as Record<string, unknown>)[f] = patch[f];
    }
    if (patch.birthday !== undefined) {
      if (patch.birthday === null) {
        Object.assign(set, { birthdayCalendar: null, birthYear: null, birthMonth: null, birthDay: null, birthLeapMonth: false });
      } else {
        const problem = birthdayProblem(patch.birthday, now);
        if (problem) details.push({ path: 'birthday', message: problem, code: 'invalid_date' });
        const b = patch.birthday;
        Object.assign(set, { birthdayCalendar: b.calendar, birthYear: b.year ?? null, birthMonth: b.month, birthDay: b.day, birthLeapMonth: b.calendar === 'lunar' && Boolean(b.leapMonth) });
      }
    }
    if (patch.extra !== undefined) {
      if (patch.extra === null) set.profileExtra = null;
      else {
        // Keys sent as null are removed; others replace what was stored.
        const merged: Record<string, unknown> = { ...safeJson(member.profileExtra) };
        for (const [k, v] of Object.entries(patch.extra)) {
          if (v === null) delete merged[k];
          else if (v !== undefined) merged[k] = v;
        }
        set.profileExtra = Object.keys(merged).length ? JSON.stringify(merged) : null;
      }
    }
    if (details.length) throw new ValidationError('Invalid profile', details.map((d) => ({ ...d, in: 'body' })));
    if (newPhone !== null) {
      // A number belongs to one member: refuse the whole change, and let the assistants sort it out.
      const holders = await members.phoneHolders(newPhone, memberId);
      if (holders.length) {
        await this.deps.phoneConflicts.tellAssistants({ ...member, name: patch.name ?? member.name }, newPhone, holders, 'mp');
        const message = templates.render('members.duplicates.mp_phone_taken');
        throw new ConflictError(message, [{ path: 'phone', code: 'phone_taken', message, in: 'body' }]);
      }
    }

    for (const purpose of withdraw) {
      for (const f of PURPOSE_FIELDS[purpose]) Object.assign(set, clearedFor(f));
    }
    await ds.transaction(async (em) => {
      if (Object.keys(set).length) await em.update(Member, { id: memberId }, { ...set, updatedAt: now });
      for (const purpose of grant) {
        if (given.has(purpose)) continue;
        await em.insert(MemberConsent, {
          memberId,
          purpose,
          statement: templates.render(`mp.consent.${purpose}`, { store: this.deps.storeName }),
          channel: 'mp',
          grantedAt: now,
          withdrawnAt: null,
        });
      }
      if (withdraw.length) {
        await em.update(MemberConsent, { memberId, purpose: In(withdraw), withdrawnAt: IsNull() }, { withdrawnAt: now });
      }
    });
    if (patch.optedOut !== undefined) await members.setOptOut(memberId, patch.optedOut);
    this.deps.log.info({ memberId, fields: Object.keys(patch) }, 'member updated their profile in the mini-program');
    return this.view(memberId);
  }
}

function clearedFor(field: keyof ProfilePatch): Partial<Member> {
  switch (field) {
    case 'phone':
      return { phoneEnc: null, phoneHash: null };
    case 'address':
      return { addressEnc: null };
    case 'birthday':
      return { birthdayCalendar: null, birthYear: null, birthMonth: null, birthDay: null, birthLeapMonth: false };
    case 'extra':
      return { profileExtra: null };
    default:
      return { [field]: null } as Partial<Member>;
  }
}

/** Why a structured birthday cannot be, or null: solar dates by the calendar, lunar ones by lunar-typescript. */
export function birthdayProblem(b: { calendar: 'solar' | 'lunar'; year?: number | null; month: number; day: number; leapMonth?: boolean }, now: Date): string | null {
  const year = b.year ?? null;
  if (year !== null && year > now.getUTCFullYear()) return 'The birth year is in the future';
  switch (birthdayDateProblem(b)) {
    case null:
      return null;
    case 'leap_month_on_solar':
      return 'leapMonth applies to lunar birthdays only';
    case 'bad_month':
      return `There is no month ${b.month}`;
    case 'bad_day':
      return 'A lunar month has at most 30 days';
    case 'no_leap_month':
      return `Lunar year ${year} has no leap month ${b.month}`;
    case 'no_such_day':
      return b.calendar === 'solar' ? `Month ${b.month} has no day ${b.day}` : `Lunar month ${b.month} of ${year} has no day ${b.day}`;
  }
}

