import { type DataSource, In, IsNull, type SelectQueryBuilder } from 'typeorm';
import type { AuditActor, AuditService } from '../../audit';
import { isUniqueViolation } from '../../db/sql-dialect';
import { maskPhone } from '../../privacy';
import type { Clock } from '../../shared/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { assertCanReachMember, canReachMember, Staff } from '../../staff';
import { ChatMessage } from '../chat-message.entity';
import { MemberConsent } from '../member-consent.entity';
import { MemberNote } from '../member-note.entity';
import { MemberTag } from '../member-tag.entity';
import { Member, type Lifecycle } from '../member.entity';
import type { MemberService } from '../member.service';
import { parsePhone } from '../profile-parsing';
import type { MemberPurchaseSummary, PurchaseLineSource } from './purchase-line';

export interface MemberSearch {
  name?: string;
  phone?: string;
  code?: string;
  tag?: string;
  tier?: string;
  assistantId?: number;
  lifecycle?: Lifecycle;
  optedOut?: boolean;
  /** An RFM segment (loyalty's), applied through `MemberActivityViews.segments`. */
  segment?: string;
  page: number;
  pageSize: number;
}

/** A member as a row of the staff search. `restricted` rows are other assistants' members found by exact phone or code. */
export interface MemberCard {
  id: number;
  code: string;
  name: string | null;
  nickname: string | null;
  phone: string | null;
  phoneMasked: boolean;
  tier: string;
  lifecycle: Lifecycle;
  assistant: { id: number; name: string } | null;
  tags: string[];
  optedOut: boolean;
  lastPurchaseAt: Date | null;
  lastContactAt: Date | null;
  createdAt: Date;
  restricted: boolean;
}

/**
 * What the modules built on members add to the staff's member page (purchases, complaints). Declared
 * here and passed in by the composition root, so members never imports the modules above it.
 */
export interface MemberActivityViews {
  purchases: {
    recentForMember(memberId: number, limit: number): Promise<PurchaseLineSource[]>;
    summaryForMember(memberId: number): Promise<MemberPurchaseSummary>;
  };
  complaints: { listForMember(memberId: number): Promise<unknown[]> };
  /** Loyalty's RFM segments, so the search can filter by one (absent: no `segment` filter). */
  segments?: MemberSegmentFilter;
}

/** A filter on segments members does not own: the names, and a condition on the member alias `m`. */
export interface MemberSegmentFilter {
  readonly segments: readonly [string, ...string[]];
  condition(segment: string): { where: string; params: Record<string, unknown> };
}

export interface MemberDirectoryDeps {
  ds: DataSource;
  clock: Clock;
  members: MemberService;
  audit: AuditService;
}

/** `!` escapes LIKE wildcards: the same on SQLite and MySQL (a backslash is not). */
/** The search counts matches up to this many; beyond, `totalCapped` says there are more. */
export const SEARCH_COUNT_CAP = 1000;

const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * The staff view of members: search, detail, tags, notes, reassignment and hand-over. Every read of
 * personal data and every change is written to the audit log here, so no route can forget it.
 */
export class MemberDirectoryService {
  constructor(private readonly deps: MemberDirectoryDeps) {}

  private get memberRepo() {
    return this.deps.ds.getRepository(Member);
  }

  private async staffNames(): Promise<Map<number, Staff>> {
    const all = await this.deps.ds.getRepository(Staff).find();
    return new Map(all.map((s) => [s.id, s]));
  }

  private async tagsOf(ids: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    if (!ids.length) return out;
    const rows = await this.deps.ds.getRepository(MemberTag).find({ where: { memberId: In(ids) }, order: { tag: 'ASC' } });
    for (const r of rows) out.set(r.memberId, [...(out.get(r.memberId) ?? []), r.tag]);
    return out;
  }

  private card(actor: AuditActor, m: Member, staff: Map<number, Staff>, tags: string[]): MemberCard {
    const full = canReachMember(actor.staff, m);
    const phone = this.deps.members.phoneOf(m);
    const assistant = m.assistantId ? staff.get(m.assistantId) : undefined;
    return {
      id: m.id,
      code: m.code,
      name: full ? m.name : null,
      nickname: full ? m.nickname : null,
      phone: full ? phone : maskPhone(phone),
      phoneMasked: !full && phone !== null,
      tier: m.tier,
      lifecycle: m.lifecycle,
      assistant: assistant ? { id: assistant.id, name: assistant.name } : null,
      tags: full ? tags : [],
      optedOut: m.optedOut,
      lastPurchaseAt: full ? m.lastPurchaseAt : null,
      lastContactAt: full ? m.lastContactAt : null,
      createdAt: m.createdAt,
      restricted: !full,
    };
  }

  /**
   * Managers search the whole store. Assistants search their own members; an exact phone number or member
   * code also finds another assistant's member (to tell a shopper at the till who looks after them), as a
   * restricted card: masked phone, no name, no history.
   */
  /** Counts matches up to the cap (+1 to know it was exceeded): exact totals of 20,000 gold members cost every page view. */
  private async cappedCount(qb: SelectQueryBuilder<Member>): Promise<number> {
    const [sql, params] = qb.select('m.id').orderBy().skip(undefined).take(undefined).offset(undefined).limit(SEARCH_COUNT_CAP + 1).getQueryAndParameters();
    const rows = (await this.deps.ds.query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, params)) as { n: number | string }[];
    return Number(rows[0]?.n ?? 0);
  }

  async search(actor: AuditActor, f: MemberSearch, segments?: MemberSegmentFilter): Promise<{ items: MemberCard[]; total: number; totalCapped: boolean }> {
    const me = actor.staff;
    if (me.role === 'assistant' && f.assistantId !== undefined && f.assistantId !== me.id) {
      throw new ForbiddenError('Assistants can list only their own members');
    }
    const qb = this.memberRepo.createQueryBuilder('m').where('m.erasedAt IS NULL');
    if (f.name) qb.andWhere("(m.name LIKE :name ESCAPE '!' OR m.nickname LIKE :name ESCAPE '!')", { name: `%${escapeLike(f.name)}%` });
    if (f.phone) {
      const phone = parsePhone(f.phone);
      if (!phone.ok) throw new ValidationError('Invalid query', [{ path: 'phone', message: 'not a mainland mobile number (11 digits)', code: 'invalid_phone', in: 'query' }]);
      qb.andWhere('m.phoneHash = :hash', { hash: this.deps.members.phoneLookupHash(phone.value) });
    }
    if (f.code) qb.andWhere('m.code = :code', { code: f.code.toUpperCase() });
    if (f.tier) qb.andWhere('m.tier = :tier', { tier: f.tier });
    if (f.lifecycle) qb.andWhere('m.lifecycle = :lifecycle', { lifecycle: f.lifecycle });
    if (f.optedOut !== undefined) qb.andWhere('m.optedOut = :optedOut', { optedOut: f.optedOut });
    if (f.tag) qb.andWhere('EXISTS (SELECT 1 FROM member_tag t WHERE t.memberId = m.id AND t.tag = :tag)', { tag: f.tag });
    if (f.segment) {
      if (!segments) throw new ValidationError('Invalid query', [{ path: 'segment', message: 'segments are not available', in: 'query' }]);
      const c = segments.condition(f.segment);
      qb.andWhere(c.where, c.params);
    }
    const exactLookup = Boolean(f.phone || f.code);
    if (me.role === 'assistant' && !exactLookup) qb.andWhere('m.assistantId = :me', { me: me.id });
    else if (f.assistantId !== undefined) qb.andWhere('m.assistantId = :aid', { aid: f.assistantId });
    qb.orderBy('m.id', 'DESC')
      .skip((f.page - 1) * f.pageSize)
      .take(f.pageSize);
    // The page and the count side by side, then names, tags and the audit row side by side: the search is
    // the staff's hottest read, so its latency is two round trips after authentication, not six.
    const [rows, counted] = await Promise.all([qb.getMany(), this.cappedCount(qb.clone())]);
    const total = Math.min(counted, SEARCH_COUNT_CAP);
    const [staff, tags] = await Promise.all([
      this.staffNames(),
      this.tagsOf(rows.map((r) => r.id)),
      this.deps.audit.record(actor, {
        action: 'member.search',
        targetType: 'member',
        details: {
          // Which filters were used, never the phone number itself.
          filters: { ...f, phone: f.phone ? '(given)' : undefined },
          total,
          memberIds: rows.map((r) => r.id),
        },
      }),
    ]);
    return { items: rows.map((m) => this.card(actor, m, staff, tags.get(m.id) ?? [])), total, totalCapped: counted > SEARCH_COUNT_CAP };
  }

  async getReachable(actor: AuditActor, id: number): Promise<Member> {
    const m = await this.memberRepo.findOneBy({ id, erasedAt: IsNull() });
    if (!m) throw new NotFoundError('Member not found');
    assertCanReachMember(actor.staff, m);
    return m;
  }

  /** Everything staff may see about one member, logged as a read of personal data. */
  async detail(actor: AuditActor, id: number, views: MemberActivityViews) {
    const m = await this.getReachable(actor, id);
    const { ds } = this.deps;
    const [staff, tags, notes, consents, messages, purchases, summary, complaints] = await Promise.all([
      this.staffNames(),
      this.tagsOf([m.id]),
      ds.getRepository(MemberNote).find({ where: { memberId: m.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 }),
      ds.getRepository(MemberConsent).find({ where: { memberId: m.id }, order: { grantedAt: 'ASC', id: 'ASC' } }),
      ds.getRepository(ChatMessage).find({ where: { memberId: m.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 }),
      views.purchases.recentForMember(m.id, 50),
      views.purchases.summaryForMember(m.id),
      views.complaints.listForMember(m.id),
    ]);
    await this.deps.audit.record(actor, { action: 'member.read', memberId: m.id, details: { sections: ['profile', 'contact', 'purchases', 'messages', 'complaints', 'notes'] } });
    let extra: unknown = null;
    try {
      extra = m.profileExtra ? JSON.parse(m.profileExtra) : null;
    } catch {
      extra = null;
    }
    return {
      card: this.card(actor, m, staff, tags.get(m.id) ?? []),
      member: m,
      address: this.deps.members.addressOf(m),
      profileExtra: extra,
      consents,
      notes: notes.map((n) => ({ ...n, staffName: staff.get(n.staffId)?.name ?? null })),
      messages,
      purchases,
      summary,
      complaints,
    };
  }

  async addTags(actor: AuditActor, id: number, tags: string[]): Promise<string[]> {
    const m = await this.getReachable(actor, id);
    const repo = this.deps.ds.getRepository(MemberTag);
    const now = this.deps.clock.now();
    const added: string[] = [];
    for (const tag of [...new Set(tags)]) {
      try {
        await repo.insert({ memberId: m.id, tag, createdBy: actor.staff.id, createdAt: now });
        added.push(tag);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    if (added.length) await this.deps.audit.record(actor, { action: 'member.tag.add', memberId: m.id, details: { tags: added } });
    return (await this.tagsOf([m.id])).get(m.id) ?? [];
  }

  async removeTag(actor: AuditActor, id: number, tag: string): Promise<string[]> {
    const m = await this.getReachable(actor, id);
    const r = await this.deps.ds.getRepository(MemberTag).delete({ memberId: m.id, tag });
    if (!r.affected) throw new NotFoundError('The member has no such tag');
    await this.deps.audit.record(actor, { action: 'member.tag.remove', memberId: m.id, details: { tags: [tag] } });
    return (await this.tagsOf([m.id])).get(m.id) ?? [];
  }

  async notes(actor: AuditActor, id: number) {
    const m = await this.getReachable(actor, id);
    const [notes, staff] = await Promise.all([
      this.deps.ds.getRepository(MemberNote).find({ where: { memberId: m.id }, order: { createdAt: 'DESC', id: 'DESC' } }),
      this.staffNames(),
    ]);
    await this.deps.audit.record(actor, { action: 'member.notes.read', memberId: m.id });
    return notes.map((n) => ({ ...n, staffName: staff.get(n.staffId)?.name ?? null }));
  }

  async addNote(actor: AuditActor, id: number, text: string) {
    const m = await this.getReachable(actor, id);
    const repo = this.deps.ds.getRepository(MemberNote);
    const note = await repo.save(repo.create({ memberId: m.id, staffId: actor.staff.id, text, createdAt: this.deps.clock.now() }));
    await this.deps.audit.record(actor, { action: 'member.note.add', memberId: m.id, targetType: 'note', targetId: note.id });
    return { ...note, staffName: actor.staff.name };
  }
}
