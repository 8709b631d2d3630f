import { randomBytes } from 'node:crypto';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { isUniqueViolation } from '../db/sql-dialect';
import type { PersonalDataCipher } from '../privacy';
import type { Clock } from '../shared/clock';
import { NotFoundError } from '../shared/errors';
import { Staff } from '../staff';
import { updateById } from './chat-message-log';
import { ChatIdentity } from './chat-identity.entity';
import { MemberConsent } from './member-consent.entity';
import { phoneHolders, type PhoneHolder } from './duplicates/phone-conflicts';
import { Member, type MemberSource } from './member.entity';
import type { Birthday } from './birthday';

export const MEMBER_CODE_PATTERN = /^M\d{6,}$/;

/** The account of contacts and members from before several accounts (the column default). */
const DEFAULT_ACCOUNT = 'store';

export function memberCodeFor(id: number): string {
  return `M${String(id).padStart(6, '0')}`;
}

export interface ResolvedChatMember {
  member: Member;
  identity: ChatIdentity;
  /** True when this message created the member: they get the welcome. */
  isNew: boolean;
  /** True when the contact id was new but the remark named an existing member. */
  relinked: boolean;
}

/** How stale a "last seen" time may get before it is written again (the console's sessions do the same). */
const SEEN_WRITE_EVERY_MS = 60_000;

/** Written within the last minute (and not in the future: a clock set back writes again). */
function recentlyWritten(at: Date | null, now: Date): boolean {
  if (!at) return false;
  const age = now.getTime() - at.getTime();
  return age >= 0 && age < SEEN_WRITE_EVERY_MS;
}

/** A contact's identity and the living member behind it, as read before a message is handled. */
export type KnownChatMember = Pick<ResolvedChatMember, 'member' | 'identity'>;

/** Members: creation, identity, progressive profile, consent and opt-out. No Koa, no Wechaty. */
export class MemberService {
  constructor(
    private readonly ds: DataSource,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: Clock,
  ) {}

  get repo() {
    return this.ds.getRepository(Member);
  }

  async get(id: number): Promise<Member> {
    const m = await this.repo.findOneBy({ id, erasedAt: IsNull() });
    if (!m) throw new NotFoundError('Member not found');
    return m;
  }

  async findByCode(code: string): Promise<Member | null> {
    return this.repo.findOneBy({ code: code.toUpperCase(), erasedAt: IsNull() });
  }

  /** The active assistant with the fewest members, so new members spread evenly. */
  async leastLoadedAssistant(manager: EntityManager = this.ds.manager): Promise<Staff | null> {
    const row = await manager
      .createQueryBuilder(Staff, 's')
      .leftJoin(Member, 'm', 'm.assistantId = s.id AND m.erasedAt IS NULL')
      .select('s.id', 'id')
      .addSelect('COUNT(m.id)', 'load')
      .where('s.role = :role AND s.active = :active', { role: 'assistant', active: true })
      .groupBy('s.id')
      .orderBy('load', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(1)
      .getRawOne<{ id: number | string }>();
    return row ? manager.findOneBy(Staff, { id: Number(row.id) }) : null;
  }

  /** Creates a member with its code and an assistant assigned, in one transaction. */
  async create(input: { nickname?: string | null; name?: string | null; source: MemberSource; chatAccount?: string }, manager?: EntityManager): Promise<Member> {
    const run = async (em: EntityManager) => {
      const assistant = await this.leastLoadedAssistant(em);
      const now = this.clock.now();
      const member = em.create(Member, {
        // A placeholder unique code until the id is known; replaced in the same transaction.
        code: `P${randomBytes(7).toString('hex')}`,
        name: input.name ?? null,
        nickname: input.nickname ? Array.from(input.nickname).slice(0, 64).join('') : null,
        assistantId: assistant?.id ?? null,
        source: input.source,
        ...(input.chatAccount ? { chatAccount: input.chatAccount } : {}),
        createdAt: now,
        updatedAt: now,
        lastContactAt: now,
      });
      await em.save(member);
      member.code = memberCodeFor(member.id);
      await em.update(Member, { id: member.id }, { code: member.code });
      return member;
    };
    return manager ? run(manager) : this.ds.transaction(run);
  }

  /**
   * The living member a contact of one store account is already linked to, read only: the inbound pipeline
   * reads it before recording the message, so the record carries the member at once;
   * `resolveChatMember(contact, seen)` then only marks the contact seen.
   */
  async findChatMember(account: string, contactId: string): Promise<KnownChatMember | null> {
    const identity = await this.ds.getRepository(ChatIdentity).findOneBy({ account, contactId });
    if (!identity) return null;
    // The id as a string parameter: a number would be written into the SQL text (see updateById).
    const member = await this.repo.createQueryBuilder('m').where('m.id = :id AND m.erasedAt IS NULL', { id: String(identity.memberId) }).getOne();
    return member ? { member, identity } : null;
  }

  /**
   * Finds the member behind a chat contact of one store account: by (account, contact id), else by the
   * remark we set (contact ids change between logins on some puppets), else by the same contact id on
   * another of the store's accounts (a customer who adds a second store account is the same person),
   * else creates one. The member's `chatAccount` becomes the account they were seen on. `seen`: what
   * `findChatMember` read for this contact just before.
   */
  async resolveChatMember(
    contact: { account?: string; contactId: string; name: string; alias: string | null },
    seen?: KnownChatMember | null,
  ): Promise<ResolvedChatMember> {
    const identities = this.ds.getRepository(ChatIdentity);
    const now = this.clock.now();
    const account = contact.account ?? DEFAULT_ACCOUNT;
    if (seen) {
      const displayName = contact.name.slice(0, 128);
      if (seen.identity.displayName !== displayName || !recentlyWritten(seen.identity.lastSeenAt, now)) {
        await updateById(this.ds, ChatIdentity, seen.identity.id, { lastSeenAt: now, displayName });
      }
      return { member: await this.seenOn(seen.member, account), identity: seen.identity, isNew: false, relinked: false };
    }
    const existing = await identities.findOneBy({ account, contactId: contact.contactId });
    if (existing) {
      const member = await this.repo.findOneBy({ id: existing.memberId, erasedAt: IsNull() });
      if (member) {
        await identities.update({ id: existing.id }, { lastSeenAt: now, displayName: contact.name.slice(0, 128) });
        return { member: await this.seenOn(member, account), identity: existing, isNew: false, relinked: false };
      }
      await identities.delete({ id: existing.id });
    }
    const alias = contact.alias?.trim().toUpperCase() ?? '';
    const byRemark = MEMBER_CODE_PATTERN.test(alias) ? await this.findByCode(alias) : null;
    const elsewhere = byRemark ? null : await identities.findOne({ where: { contactId: contact.contactId }, order: { lastSeenAt: 'DESC', id: 'DESC' } });
    const known = byRemark ?? (elsewhere ? await this.repo.findOneBy({ id: elsewhere.memberId, erasedAt: IsNull() }) : null);
    if (known) {
      const identity = await this.insertIdentity({ ...contact, account }, known, now);
      return { member: await this.seenOn(known, account), identity, isNew: false, relinked: true };
    }
    try {
      return await this.ds.transaction(async (em) => {
        const member = await this.create({ nickname: contact.name, source: 'chat', chatAccount: account }, em);
        const identity = em.create(ChatIdentity, {
          account,
          contactId: contact.contactId,
          remark: member.code,
          memberId: member.id,
          displayName: contact.name.slice(0, 128),
          createdAt: now,
          lastSeenAt: now,
        });
        await em.save(identity);
        return { member, identity, isNew: true, relinked: false };
      });
    } catch (err) {
      // Another instance created this contact's member first: use theirs.
      if (!isUniqueViolation(err)) throw err;
      const identity = await identities.findOneByOrFail({ account, contactId: contact.contactId });
      return { member: await this.get(identity.memberId), identity, isNew: false, relinked: false };
    }
  }

  /** The member was just seen on `account`: replies and proactive messages go through it from now on. */
  private async seenOn(member: Member, account: string): Promise<Member> {
    if (member.chatAccount === account) return member;
    await this.repo.update({ id: member.id }, { chatAccount: account });
    member.chatAccount = account;
    return member;
  }

  private async insertIdentity(contact: { account: string; contactId: string; name: string }, member: Member, now: Date): Promise<ChatIdentity> {
    const identities = this.ds.getRepository(ChatIdentity);
    try {
      return await identities.save(
        identities.create({
          account: contact.account,
          contactId: contact.contactId,
          remark: member.code,
          memberId: member.id,
          displayName: contact.name.slice(0, 128),
          createdAt: now,
          lastSeenAt: now,
        }),
      );
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return identities.findOneByOrFail({ account: contact.account, contactId: contact.contactId });
    }
  }

  /**
   * The member wrote to the store now. Given the member as just read, a contact already recorded less than
   * a minute ago and after their last purchase is not written again: a chatty member costs one write a
   * minute, not one a message, and every "since the purchase" comparison stays as it was.
   */
  async touchContact(memberId: number, asRead?: Pick<Member, 'lastContactAt' | 'lastPurchaseAt'>): Promise<void> {
    const now = this.clock.now();
    if (asRead && recentlyWritten(asRead.lastContactAt, now) && (!asRead.lastPurchaseAt || asRead.lastPurchaseAt <= asRead.lastContactAt!)) return;
    await updateById(this.ds, Member, memberId, { lastContactAt: now });
  }

  phoneOf(member: Member): string | null {
    return member.phoneEnc ? this.cipher.decrypt(member.phoneEnc) : null;
  }

  addressOf(member: Member): string | null {
    return member.addressEnc ? this.cipher.decrypt(member.addressEnc) : null;
  }

  phoneLookupHash(phone: string): string {
    return this.cipher.lookupHash(phone);
  }

  /** Other living members who already have this phone number (a number belongs to one member). */
  async phoneHolders(phone: string, exceptMemberId: number, em: EntityManager = this.ds.manager): Promise<PhoneHolder[]> {
    return phoneHolders(em, this.cipher.lookupHash(phone), exceptMemberId);
  }

  /**
   * Name and phone with the consent that allows them, in one transaction. A phone another member already
   * has is not saved (the name and consent are): `phoneTakenBy` lists who has it, so the caller can tell
   * the member kindly and their assistants clearly.
   */
  async saveContactDetails(
    memberId: number,
    details: { name: string; phone: string; consentStatement: string; channel: 'chat' | 'mp' | 'staff' },
  ): Promise<{ phoneTakenBy: PhoneHolder[] }> {
    const now = this.clock.now();
    return this.ds.transaction(async (em) => {
      const holders = await this.phoneHolders(details.phone, memberId, em);
      await em.update(Member, { id: memberId }, {
        name: details.name,
        ...(holders.length ? {} : { phoneEnc: this.cipher.encrypt(details.phone), phoneHash: this.cipher.lookupHash(details.phone) }),
        updatedAt: now,
      });
      await em.insert(MemberConsent, {
        memberId,
        purpose: 'profile',
        statement: details.consentStatement,
        channel: details.channel,
        grantedAt: now,
        withdrawnAt: null,
      });
      return { phoneTakenBy: holders };
    });
  }

  /** The birthday and the consent to use it for wishes, in one transaction. */
  async saveBirthday(memberId: number, b: Birthday, consentStatement: string): Promise<void> {
    const now = this.clock.now();
    await this.ds.transaction(async (em) => {
      await em.update(Member, { id: memberId }, {
        birthdayCalendar: b.calendar,
        birthYear: b.year,
        birthMonth: b.month,
        birthDay: b.day,
        birthLeapMonth: b.leapMonth,
        updatedAt: now,
      });
      await em.insert(MemberConsent, { memberId, purpose: 'birthday', statement: consentStatement, channel: 'chat', grantedAt: now, withdrawnAt: null });
    });
  }

  /** Opt out of (or back in to) proactive messages; returns false when nothing changed. */
  async setOptOut(memberId: number, optedOut: boolean): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.repo.update(
      { id: memberId, optedOut: !optedOut },
      { optedOut, optedOutAt: optedOut ? now : null, updatedAt: now },
    );
    return (result.affected ?? 0) > 0;
  }

  async latestConsent(memberId: number, purpose: string): Promise<MemberConsent | null> {
    // The id as a string parameter: a number would be written into the SQL text (see updateById).
    return this.ds
      .getRepository(MemberConsent)
      .createQueryBuilder('c')
      .where('c.memberId = :memberId AND c.purpose = :purpose AND c.withdrawnAt IS NULL', { memberId: String(memberId), purpose })
      .orderBy('c.grantedAt', 'DESC')
      .getOne();
  }

  async assistantOf(member: Member): Promise<Staff | null> {
    if (!member.assistantId) return null;
    return this.ds.getRepository(Staff).createQueryBuilder('s').where('s.id = :id', { id: String(member.assistantId) }).getOne();
  }

  /** The stored birthday as one value, or null when the member has not given it. */
  static birthdayOf(m: Member): Birthday | null {
    return m.birthdayCalendar && m.birthMonth && m.birthDay
      ? { calendar: m.birthdayCalendar, year: m.birthYear, month: m.birthMonth, day: m.birthDay, leapMonth: m.birthLeapMonth }
      : null;
  }

  /** The name to greet a member by: the name they gave, else their WeChat nickname. */
  static displayName(member: Member): string {
    return member.name ?? member.nickname ?? '您';
  }
}
