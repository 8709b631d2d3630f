import { type DataSource, type EntityManager, type EntityTarget, In, IsNull, Like, type ObjectLiteral } from 'typeorm';
import type { PersonalDataCipher } from '../../privacy';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { TemplateLibrary } from '../../shared/templates';
import { ChatIdentity } from '../chat-identity.entity';
import { ChatMessage } from '../chat-message.entity';
import { MemberConsent } from '../member-consent.entity';
import type { MemberNotices } from '../member-notices';
import { Member } from '../member.entity';
import type { MemberService } from '../member.service';
import type { MemberProfileService } from '../profile/member-profile.service';
import { emptiedProfile } from '../profile/profile-fields';

/** What is known of the member being erased, for the modules that keep rows about them. */
export interface ErasureFacts {
  memberId: number;
  memberCode: string;
  /** The member's WeChat contact ids (read before the identities go). */
  contactIds: string[];
  now: Date;
}

/** Sections a holder adds to a member's export. */
export interface ExportSections {
  identities?: Record<string, unknown>;
  [section: string]: unknown;
}

/**
 * A module that keeps personal data about members (the mini-program, chat, the outbox, complaints …).
 * Each one says what of it goes into the member's export and how it is erased; the composition root
 * hands every holder to the members module, which runs the member's rights over all of them.
 */
export interface PersonalDataHolder {
  /** Sections this holder adds to the export; `identities` entries are merged into the export's identities. */
  exportFor?(memberId: number): Promise<ExportSections>;
  /** Tables already exported by `exportFor`, or secret (token hashes): left out of the catch-all section. */
  exportedTables?: EntityTarget<ObjectLiteral>[];
  /** Erases inside the erasure transaction, so nothing is half-erased (anonymous records kept are the holder's choice). */
  erase?(em: EntityManager, facts: ErasureFacts): Promise<void>;
}

export interface PersonalDataRightsDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  cipher: PersonalDataCipher;
  templates: TemplateLibrary;
  storeName: string;
  members: MemberService;
  profiles: MemberProfileService;
  notices: MemberNotices;
  holders: PersonalDataHolder[];
}

/** The member's rights over their data (PIPL): a full export, and erasure across every module. */
export class PersonalDataRights {
  constructor(private readonly deps: PersonalDataRightsDeps) {}

  /**
   * Everything stored about the member, as JSON: the profile, identities, consents, purchases, chat
   * messages, and the rows of every other table that refers to the member (complaints, greetings,
   * surveys …), so data added by later modules is exported too. Secrets (token and code hashes) are left out.
   */
  async export(memberId: number): Promise<Record<string, unknown>> {
    const { ds, clock, holders } = this.deps;
    const profile = await this.deps.profiles.view(memberId);
    const [chatIdentities, consents, messages, contributed] = await Promise.all([
      ds.getRepository(ChatIdentity).find({ where: { memberId }, order: { id: 'ASC' } }),
      ds.getRepository(MemberConsent).find({ where: { memberId }, order: { id: 'ASC' } }),
      ds.getRepository(ChatMessage).find({ where: { memberId }, order: { id: 'ASC' } }),
      Promise.all(holders.map((h) => (h.exportFor ? h.exportFor(memberId) : Promise.resolve<ExportSections>({})))),
    ]);
    const covered = new Set<unknown>([Member, ChatIdentity, MemberConsent, ChatMessage, ...holders.flatMap((h) => h.exportedTables ?? [])]);
    const other: Record<string, unknown[]> = {};
    for (const meta of ds.entityMetadatas) {
      if (covered.has(meta.target) || !meta.columns.some((c) => c.propertyName === 'memberId')) continue;
      const rows = (await ds.getRepository(meta.target).find({ where: { memberId } as never })) as Record<string, unknown>[];
      if (rows.length) other[meta.tableName] = rows.map((r) => this.readable(r));
    }
    let identities: Record<string, unknown> = {
      wechatChat: chatIdentities.map((i) => ({ account: i.account, contactId: i.contactId, displayName: i.displayName, since: i.createdAt, lastSeenAt: i.lastSeenAt })),
    };
    const sections: Record<string, unknown> = {};
    for (const { identities: more, ...rest } of contributed) {
      identities = { ...identities, ...more };
      Object.assign(sections, rest);
    }
    return {
      exportedAt: clock.now().toISOString(),
      store: this.deps.storeName,
      profile,
      identities,
      consents: consents.map((c) => ({ purpose: c.purpose, statement: c.statement, channel: c.channel, grantedAt: c.grantedAt, withdrawnAt: c.withdrawnAt })),
      ...sections,
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
    const { ds, clock, templates, notices, holders } = this.deps;
    const member = await this.deps.members.get(memberId);
    const confirmedInChat = await notices.toMember(memberId, templates.render('mp.erase.confirmed_in_chat', { store: this.deps.storeName }));
    const now = clock.now();
    const contactIds = (await ds.getRepository(ChatIdentity).find({ where: { memberId }, select: { contactId: true } })).map((i) => i.contactId);
    const facts: ErasureFacts = { memberId, memberCode: member.code, contactIds, now };
    await ds.transaction(async (em) => {
      await em.update(Member, { id: memberId }, { ...emptiedProfile(), optedOut: true, optedOutAt: now, erasedAt: now, updatedAt: now });
      await em.delete(ChatIdentity, { memberId });
      await em.update(MemberConsent, { memberId, withdrawnAt: IsNull() }, { withdrawnAt: now });
      // Message texts go; that a message was exchanged (for KPIs) stays.
      await em.update(ChatMessage, { memberId }, { text: null });
      if (contactIds.length) await em.update(ChatMessage, { contactId: In(contactIds) }, { text: null });
      // What the bot relayed to the assistant names the member by code.
      await em.update(ChatMessage, { memberId: IsNull(), text: Like(`%${member.code}%`) }, { text: null });
      for (const h of holders) await h.erase?.(em, facts);
    });
    this.deps.log.info({ memberId, confirmedInChat }, 'member erased their personal data');
    return { erasedAt: now, confirmedInChat };
  }
}
