import { LunarMonth, LunarYear } from 'lunar-typescript';
import { type DataSource, In, IsNull, Like } from 'typeorm';
import { DialogState } from '../chat';
import type { ChatNotifier } from '../chat';
import { ChatIdentity, ChatMessage, Member, MemberConsent, parsePhone, profileFieldsOf } from '../members';
import type { MemberService } from '../members';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import type { PersonalDataCipher } from '../privacy';
import { Purchase } from '../purchases/purchase.entity';
import type { Clock } from '../shared/clock';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import { Staff } from '../staff';
import { MpBindingCode, MpBindingGuard, MpMemberMerge } from './mp-binding.entity';
import { emptiedProfile, safeJson } from './mp-binding.service';
import { MpIdentity } from './mp-identity.entity';
import { MpSession } from './mp-session.entity';
import type { ConsentPurpose, ProfilePatch, ProfileView } from './mp.schema';

/** Which fields each consent purpose covers: setting one needs that consent, withdrawing it clears them. */
const PURPOSE_FIELDS: Record<ConsentPurpose, (keyof ProfilePatch)[]> = {
  profile: ['name', 'phone', 'gender', 'ageRange', 'email', 'occupation'],
  birthday: ['birthday'],
  address: ['address'],
  preferences: ['extra', 'isMother', 'isFather', 'isTeacher'],
};

const PENDING_OUTBOX = ['draft', 'queued', 'check'] as const;

type Detail = { path: string; message: string; code: string };

/** The member's own view of their data in the mini-program: see, correct, export, erase (PIPL rights). */
export class MpProfileService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      clock: Clock;
      log: Logger;
      cipher: PersonalDataCipher;
      members: MemberService;
      templates: TemplateLibrary;
      notifier: ChatNotifier;
      storeName: string;
      /** Complaints keep anonymous tickets for the reports when a member erases their data. */
      complaints: { eraseForMember(memberId: number): Promise<unknown> };
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
    if (patch.nickname !== undefined) set.nickname = patch.nickname;
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.phone !== undefined) {
      if (patch.phone === null) Object.assign(set, { phoneEnc: null, phoneHash: null });
      else {
        const parsed = parsePhone(patch.phone);
        if (!parsed.ok) details.push({ path: 'phone', message: 'Expected an 11-digit mainland mobile number', code: parsed.reason });
        else Object.assign(set, { phoneEnc: cipher.encrypt(parsed.value), phoneHash: members.phoneLookupHash(parsed.value) });
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

  async purchases(memberId: number, page: number, pageSize: number) {
    const { ds, clock } = this.deps;
    const repo = ds.getRepository(Purchase);
    const [rows, total] = await repo.findAndCount({
      where: { memberId },
      order: { purchasedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const since = new Date(clock.now().getTime() - 365 * 86_400_000);
    const sum = await repo
      .createQueryBuilder('p')
      .select('COALESCE(SUM(p.amountFen), 0)', 'total')
      .where('p.memberId = :memberId AND p.purchasedAt >= :since', { memberId, since })
      .getRawOne<{ total: string | number }>();
    const staffIds = [...new Set(rows.map((r) => r.assistantId).filter((id): id is number => id !== null))];
    const staff = staffIds.length ? await ds.getRepository(Staff).find({ where: { id: In(staffIds) }, select: { id: true, name: true } }) : [];
    const names = new Map(staff.map((s) => [s.id, s.name]));
    return {
      items: rows.map((p) => ({
        id: p.id,
        purchasedAt: p.purchasedAt.toISOString(),
        items: p.items,
        category: p.category,
        quantity: p.quantity,
        amountFen: p.amountFen,
        amount: (p.amountFen / 100).toFixed(2),
        store: p.store,
        assistant: p.assistantId !== null ? (names.get(p.assistantId) ?? null) : null,
      })),
      page,
      pageSize,
      total,
      last12MonthsFen: Number(sum?.total ?? 0),
    };
  }

  /**
   * Everything stored about the member, as JSON: the profile, identities, consents, purchases, chat
   * messages, and the rows of every other table that refers to the member (complaints, greetings,
   * surveys …), so data added by later modules is exported too. Secrets (token and code hashes) are left out.
   */
  async export(memberId: number): Promise<Record<string, unknown>> {
    const { ds, clock } = this.deps;
    const profile = await this.view(memberId);
    const [chatIdentities, mpIdentities, consents, purchases, messages] = await Promise.all([
      ds.getRepository(ChatIdentity).find({ where: { memberId }, order: { id: 'ASC' } }),
      ds.getRepository(MpIdentity).find({ where: { memberId }, order: { id: 'ASC' } }),
      ds.getRepository(MemberConsent).find({ where: { memberId }, order: { id: 'ASC' } }),
      ds.getRepository(Purchase).find({ where: { memberId }, order: { purchasedAt: 'ASC', id: 'ASC' } }),
      ds.getRepository(ChatMessage).find({ where: { memberId }, order: { id: 'ASC' } }),
    ]);
    const covered = new Set<unknown>([Member, ChatIdentity, MpIdentity, MemberConsent, Purchase, ChatMessage, MpSession, MpBindingCode]);
    const other: Record<string, unknown[]> = {};
    for (const meta of ds.entityMetadatas) {
      if (covered.has(meta.target) || !meta.columns.some((c) => c.propertyName === 'memberId')) continue;
      const rows = (await ds.getRepository(meta.target).find({ where: { memberId } as never })) as Record<string, unknown>[];
      if (rows.length) other[meta.tableName] = rows.map((r) => this.readable(r));
    }
    return {
      exportedAt: clock.now().toISOString(),
      store: this.deps.storeName,
      profile,
      identities: {
        wechatChat: chatIdentities.map((i) => ({ contactId: i.contactId, displayName: i.displayName, since: i.createdAt, lastSeenAt: i.lastSeenAt })),
        miniProgram: mpIdentities.map((i) => ({ openid: i.openid, unionid: i.unionid, since: i.createdAt, lastLoginAt: i.lastLoginAt })),
      },
      consents: consents.map((c) => ({ purpose: c.purpose, statement: c.statement, channel: c.channel, grantedAt: c.grantedAt, withdrawnAt: c.withdrawnAt })),
      purchases: purchases.map((p) => ({
        purchasedAt: p.purchasedAt,
        items: p.items,
        category: p.category,
        quantity: p.quantity,
        amountFen: p.amountFen,
        store: p.store,
      })),
      messages: messages.map((m) => ({ at: m.createdAt, direction: m.direction, kind: m.kind, text: m.text })),
      other,
    };
  }

  /** Sealed columns decrypted, hash columns dropped: the export shows data, not our bookkeeping. */
  private readable(row: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (/Hash$/.test(k)) continue;
      if (/Enc$/.test(k) && typeof v === 'string') {
        try {
          out[k.replace(/Enc$/, '')] = this.deps.cipher.decrypt(v);
        } catch {
          // not ours to read
        }
        continue;
      }
      out[k] = v;
    }
    return out;
  }

  /**
   * Erasure (PIPL right to delete): profile, identities and message texts go; purchases stay, tied to
   * an anonymous record, so sales reports still add up. The member is told in chat first, if linked.
   */
  async erase(memberId: number): Promise<{ erasedAt: Date; confirmedInChat: boolean }> {
    const { ds, clock, templates, notifier } = this.deps;
    const member = await this.deps.members.get(memberId);
    const confirmedInChat = await notifier.toMember(memberId, templates.render('mp.erase.confirmed_in_chat', { store: this.deps.storeName }));
    const now = clock.now();
    const contacts = (await ds.getRepository(ChatIdentity).find({ where: { memberId }, select: { contactId: true } })).map((i) => i.contactId);
    await ds.transaction(async (em) => {
      await em.update(Member, { id: memberId }, { ...emptiedProfile(), optedOut: true, optedOutAt: now, erasedAt: now, updatedAt: now });
      await em.delete(ChatIdentity, { memberId });
      await em.delete(MpIdentity, { memberId });
      await em.delete(MpSession, { memberId });
      await em.delete(MpBindingCode, { memberId });
      if (contacts.length) await em.delete(MpBindingGuard, { contactId: In(contacts) });
      await em.delete(DialogState, { subjectKey: `member:${memberId}` });
      await em.update(MemberConsent, { memberId, withdrawnAt: IsNull() }, { withdrawnAt: now });
      // Message texts go; that a message was exchanged (for KPIs) stays.
      await em.update(ChatMessage, { memberId }, { text: null });
      if (contacts.length) await em.update(ChatMessage, { contactId: In(contacts) }, { text: null });
      // What the bot relayed to the assistant names the member by code.
      await em.update(ChatMessage, { memberId: IsNull(), text: Like(`%${member.code}%`) }, { text: null });
      await em.update(OutboxMessage, { memberId, status: In([...PENDING_OUTBOX]) }, { status: 'skipped', reason: 'member_erased', updatedAt: now });
      await em.update(OutboxMessage, { memberId }, { text: '', meta: null, updatedAt: now });
      // A member merged into this one leaves no trail back to them.
      await em.delete(MpMemberMerge, { intoMemberId: memberId });
    });
    await this.deps.complaints.eraseForMember(memberId);
    this.deps.log.info({ memberId, confirmedInChat }, 'member erased their personal data');
    return { erasedAt: now, confirmedInChat };
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
  if (b.calendar === 'solar') {
    if (b.leapMonth) return 'leapMonth applies to lunar birthdays only';
    const max = new Date(Date.UTC(year ?? 2000, b.month, 0)).getUTCDate();
    return b.day > max ? `Month ${b.month} has no day ${b.day}` : null;
  }
  if (b.day > 30) return 'A lunar month has at most 30 days';
  if (year !== null) {
    if (b.leapMonth && LunarYear.fromYear(year).getLeapMonth() !== b.month) return `Lunar year ${year} has no leap month ${b.month}`;
    const lm = LunarMonth.fromYm(year, b.leapMonth ? -b.month : b.month);
    if (!lm || b.day > lm.getDayCount()) return `Lunar month ${b.month} of ${year} has no day ${b.day}`;
  }
  return null;
}

