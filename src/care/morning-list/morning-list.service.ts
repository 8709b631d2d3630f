import { In, type DataSource } from 'typeorm';
import type { ChatNotifier } from '../../chat';
import { isUniqueViolation } from '../../db/sql-dialect';
import { Member, MemberService } from '../../members';
import {
  occasionLabel,
  OutboxMessage,
  outboxRowView,
  parseMeta,
  visibleOutboxRow,
  type DeliverySettings,
  type OutboxPreview,
  type OutboxRowView,
  type OutboxStatus,
} from '../../outbox';
import type { Clock } from '../../shared/clock';
import { ConflictError, ValidationError } from '../../shared/errors';
import { storeDayBounds } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import { truncateChars } from '../../shared/text';
import type { Staff, StaffService } from '../../staff';
import { promotionWordIn } from '../template-check';
import { cutoffDrafts, skipOptedOut, type CutoffResult } from './draft-cutoff';
import { complaintsBeside, heldLines, settleDrafts, type HeldDraft } from './draft-settling';
import { signedBy } from './draft-text';
import { DraftNumber } from './draft-number.entity';
import type { DraftCommand } from './morning-list.commands';
import type { MorningTaskSource } from './morning-tasks';

export const DIGEST_PAGE_SIZE = 20;
export const MAX_DRAFT_CHARS = 1000;

export interface DraftItem {
  no: number | null;
  row: OutboxMessage;
  member: Member | null;
}

export interface DigestResult {
  /** Staff who had drafts today. */
  staff: number;
  drafts: number;
  delivered: number;
  /** Lists that could not be sent (no WeChat contact for the staff member, or the account offline). */
  undelivered: number;
  /** Drafts decided before the list because they could not be sent (cap, collision, open complaint). */
  held: number;
}

/** When the morning list goes out and when unhandled drafts are decided (store time, HH:MM). */
export interface MorningListSettings {
  timezone: string;
  digestTime: string;
  cutoffTime: string;
}

export interface MorningListDeps {
  ds: DataSource;
  clock: Clock;
  templates: TemplateLibrary;
  staff: StaffService;
  notifier: ChatNotifier;
  settings: MorningListSettings;
  /** Delivery's decision for a draft, asked before it is offered. */
  preview: OutboxPreview;
  /** The cap's figures, to explain a held draft. */
  holdSettings: Pick<DeliverySettings, 'timezone' | 'memberCap' | 'capWindowMs'>;
  /** Signs an assistant's own text by someone other than the member's assistant. */
  storeName: string;
  /** People to contact today (VIP visit plan, at-risk members), listed below the drafts. */
  tasks?: MorningTaskSource;
}

/**
 * The assistant in the loop: each morning every assistant gets their members' drafts of the day,
 * numbered; they send, skip or rewrite them in chat (or under /admin/care/drafts); at the cut-off what
 * is left is sent as it is (auto-send occasions) or dropped (approval-required occasions).
 */
export class MorningListService {
  constructor(private readonly deps: MorningListDeps) {}

  private get repo() {
    return this.deps.ds.getRepository(OutboxMessage);
  }

  /** Drafts without an assistant are the first manager's to decide. */
  private async ownsUnassigned(staff: Staff): Promise<boolean> {
    if (staff.role === 'assistant') return false;
    const [first] = await this.deps.staff.managers();
    return first?.id === staff.id;
  }

  private async pendingDrafts(staff: Staff, now: Date): Promise<OutboxMessage[]> {
    const day = storeDayBounds(now, this.deps.settings.timezone);
    const qb = this.repo
      .createQueryBuilder('o')
      .where('o.status = :s', { s: 'draft' })
      .andWhere('o.dueAt < :end', { end: day.end });
    if (await this.ownsUnassigned(staff)) qb.andWhere('(o.assistantId = :a OR o.assistantId IS NULL)', { a: staff.id });
    else qb.andWhere('o.assistantId = :a', { a: staff.id });
    return qb.orderBy('o.dueAt', 'ASC').addOrderBy('o.priority', 'ASC').addOrderBy('o.id', 'ASC').getMany();
  }

  /**
   * Today's numbered list of a staff member: numbers already given stay (so "发送 3" means what they
   * saw), new drafts get the next numbers. Rows of any status are returned with their numbers.
   */
  async numbered(staff: Staff, now: Date): Promise<DraftItem[]> {
    const day = storeDayBounds(now, this.deps.settings.timezone).key;
    const numbers = this.deps.ds.getRepository(DraftNumber);
    for (let attempt = 0; ; attempt++) {
      const existing = await numbers.find({ where: { staffId: staff.id, day }, order: { itemNo: 'ASC' } });
      const known = new Set(existing.map((e) => e.outboxId));
      const fresh = (await this.pendingDrafts(staff, now)).filter((r) => !known.has(r.id));
      if (fresh.length) {
        try {
          // A draft carried over from an earlier day gets a number in today's list instead.
          await numbers.delete({ outboxId: In(fresh.map((r) => r.id)) });
          let next = existing.reduce((m, e) => Math.max(m, e.itemNo), 0);
          await numbers.insert(fresh.map((r) => ({ staffId: staff.id, day, itemNo: ++next, outboxId: r.id, createdAt: now })));
        } catch (err) {
          if (isUniqueViolation(err) && attempt < 3) continue;
          throw err;
        }
        continue;
      }
      if (!existing.length) return [];
      const unassignedToo = await this.ownsUnassigned(staff);
      // A draft whose member moved to another assistant since it was numbered is theirs now, not this list's.
      const rows = (await this.repo.findBy({ id: In(existing.map((e) => e.outboxId)) })).filter(
        (r) => r.assistantId === staff.id || (r.assistantId === null && unassignedToo),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const members = await this.membersOf(rows);
      return existing
        .filter((e) => byId.has(e.outboxId))
        .map((e) => {
          const row = byId.get(e.outboxId)!;
          return { no: e.itemNo, row, member: members.get(row.memberId) ?? null };
        });
    }
  }

  private async membersOf(rows: OutboxMessage[]): Promise<Map<number, Member>> {
    const ids = [...new Set(rows.map((r) => r.memberId))];
    if (!ids.length) return new Map();
    const members = await this.deps.ds.getRepository(Member).findBy({ id: In(ids) });
    return new Map(members.map((m) => [m.id, m]));
  }

  /** Drafts delivery would not send are decided (skipped with the reason) before anyone is asked about them. */
  private async settle(rows: OutboxMessage[], now: Date): Promise<HeldDraft[]> {
    return settleDrafts(this.deps, rows, now);
  }

  /** Who decides a row: its assistant, or the first manager for members without one. */
  private async ownerOf(row: OutboxMessage): Promise<number | null> {
    if (row.assistantId !== null) return row.assistantId;
    const [first] = await this.deps.staff.managers();
    return first?.id ?? null;
  }

  /** The morning job: one chat message per staff member with drafts today (and what was held back, and why). */
  async sendDigests(now: Date): Promise<DigestResult> {
    const day = storeDayBounds(now, this.deps.settings.timezone);
    await skipOptedOut(this.deps.ds, day.end, now);
    const todays = await this.repo.createQueryBuilder('o').where('o.status = :s', { s: 'draft' }).andWhere('o.dueAt < :end', { end: day.end }).getMany();
    const heldBy = new Map<number, HeldDraft[]>();
    for (const h of await this.settle(todays, now)) {
      const owner = await this.ownerOf(h.row);
      if (owner !== null) heldBy.set(owner, [...(heldBy.get(owner) ?? []), h]);
    }
    const owners = await this.repo
      .createQueryBuilder('o')
      .select('o.assistantId', 'assistantId')
      .where('o.status = :s', { s: 'draft' })
      .andWhere('o.dueAt < :end', { end: day.end })
      .groupBy('o.assistantId')
      .getRawMany<{ assistantId: number | null }>();
    const ids = new Set<number>();
    for (const o of owners) {
      if (o.assistantId !== null) ids.add(Number(o.assistantId));
      else {
        const [first] = await this.deps.staff.managers();
        if (first) ids.add(first.id);
      }
    }
    for (const id of heldBy.keys()) ids.add(id);
    for (const id of (await this.deps.tasks?.staffWithTasks(now)) ?? []) ids.add(id);
    const result: DigestResult = { staff: 0, drafts: 0, delivered: 0, undelivered: 0, held: 0 };
    for (const id of [...ids].sort((a, b) => a - b)) {
      const staff = await this.deps.staff.repo.findOneBy({ id });
      if (!staff) continue;
      const items = (await this.numbered(staff, now)).filter((i) => i.row.status === 'draft');
      const held = heldBy.get(id) ?? [];
      result.held += held.length;
      const tasks = staff.active ? ((await this.deps.tasks?.morningLines(staff.id, now)) ?? []) : [];
      if (!items.length && !held.length && !tasks.length) continue;
      if (items.length) result.staff += 1;
      result.drafts += items.length;
      const list = items.length
        ? await this.renderListWithNotes(staff, items, 1, true, held)
        : held.length
          ? [this.deps.templates.render('outbox.drafts.held_only', { name: staff.name }), ...(await heldLines(this.deps, held)).slice(1)].join('\n')
          : this.deps.templates.render('outbox.drafts.tasks_only', { name: staff.name });
      const ok = staff.active && (await this.deps.notifier.toStaff(staff.id, tasks.length ? `${list}\n\n${tasks.join('\n')}` : list));
      if (ok) result.delivered += 1;
      else result.undelivered += 1;
    }
    return result;
  }

  /** The list with each open complaint beside its member's draft, and the drafts held back. */
  async renderListWithNotes(staff: Staff, pending: DraftItem[], page: number, morning: boolean, held: HeldDraft[]): Promise<string> {
    const complaints = await complaintsBeside(
      this.deps.ds,
      pending.map((i) => i.row),
    );
    const tickets = new Map([...complaints].map(([memberId, c]) => [memberId, c.ticketNo]));
    const list = this.renderList(staff, pending, page, morning, tickets);
    const notes = await heldLines(this.deps, held);
    return notes.length ? `${list}\n\n${notes.join('\n')}` : list;
  }

  /** The list as a chat message: numbered drafts, a page at a time, with how to answer. */
  renderList(staff: Staff, pending: DraftItem[], page: number, morning = false, tickets: Map<number, string> = new Map()): string {
    const t = this.deps.templates;
    if (!pending.length) return t.render('outbox.drafts.none');
    const pages = Math.max(1, Math.ceil(pending.length / DIGEST_PAGE_SIZE));
    const p = Math.min(Math.max(1, page), pages);
    const shown = pending.slice((p - 1) * DIGEST_PAGE_SIZE, p * DIGEST_PAGE_SIZE);
    const lines = [t.render(morning ? 'outbox.drafts.header_morning' : 'outbox.drafts.header', { name: staff.name, count: pending.length })];
    for (const item of shown) {
      const ticket = tickets.get(item.row.memberId);
      // A birthday over an open complaint goes only if the assistant approves it, knowing of the complaint.
      const key = ticket && item.row.occasion === 'birthday' ? 'outbox.drafts.item_complaint' : item.row.needsApproval ? 'outbox.drafts.item_approval' : 'outbox.drafts.item';
      lines.push(
        t.render(key, {
          no: item.no ?? '',
          member: item.member ? MemberService.displayName(item.member) : `#${item.row.memberId}`,
          occasion: occasionLabel(t, item.row),
          text: truncateChars(item.row.text, 120),
          ticket: ticket ?? '',
        }),
      );
    }
    if (p < pages) lines.push(t.render('outbox.drafts.more', { rest: pending.length - p * DIGEST_PAGE_SIZE, next: p + 1 }));
    lines.push(t.render('outbox.drafts.footer', { cutoff: this.deps.settings.cutoffTime }));
    return lines.join('\n\n');
  }

  /** Carries out an assistant's chat answer; returns the reply. */
  async act(staffId: number, cmd: DraftCommand, now: Date): Promise<string> {
    const t = this.deps.templates;
    const staff = await this.deps.staff.get(staffId);
    if (cmd.kind === 'usage') return t.render(`outbox.drafts.usage_${cmd.of}`);
    const held = cmd.kind === 'list' ? await this.settle(await this.pendingDrafts(staff, now), now) : [];
    const items = await this.numbered(staff, now);
    if (cmd.kind === 'list') return this.renderListWithNotes(staff, items.filter((i) => i.row.status === 'draft'), cmd.page, false, held);
    if (cmd.kind === 'send_all') {
      let n = 0;
      for (const item of items) if (item.row.status === 'draft' && (await this.approve(item.row, staff.id, now))) n += 1;
      return n ? t.render('outbox.drafts.sent_all', { count: n }) : t.render('outbox.drafts.none');
    }
    const byNo = new Map(items.map((i) => [i.no!, i]));
    if (cmd.kind === 'edit') {
      const item = byNo.get(cmd.number);
      if (!item) return t.render('outbox.drafts.unknown', { numbers: String(cmd.number) });
      const text = cmd.text.trim();
      if (Array.from(text).length > MAX_DRAFT_CHARS) return t.render('outbox.drafts.too_long', { max: MAX_DRAFT_CHARS });
      const word = promotionWordIn(item.row.occasion, text);
      if (word) return t.render('outbox.drafts.promotion', { no: cmd.number, occasion: occasionLabel(t, item.row), word });
      const ok = await this.approve(item.row, staff.id, now, signedBy(this.deps.templates, this.deps.storeName, staff, item.member, text), ['draft', 'queued']);
      return ok
        ? t.render('outbox.drafts.edited', { no: cmd.number, text: truncateChars(text, 60) })
        : t.render('outbox.drafts.already', { numbers: String(cmd.number), status: await this.statusWordOf(item.row.id) });
    }
    const done: number[] = [];
    const unknown: number[] = [];
    const already: string[] = [];
    for (const no of cmd.numbers) {
      const item = byNo.get(no);
      if (!item) {
        unknown.push(no);
        continue;
      }
      const ok = cmd.kind === 'send' ? await this.approve(item.row, staff.id, now) : await this.skip(item.row, staff.id, now);
      if (ok) done.push(no);
      else already.push(`${no}（${await this.statusWordOf(item.row.id)}）`);
    }
    const parts: string[] = [];
    if (done.length) parts.push(t.render(cmd.kind === 'send' ? 'outbox.drafts.sent' : 'outbox.drafts.skipped', { numbers: done.join('、') }));
    if (already.length) parts.push(t.render('outbox.drafts.already_list', { items: already.join('、') }));
    if (unknown.length) parts.push(t.render('outbox.drafts.unknown', { numbers: unknown.join('、') }));
    return parts.join('\n');
  }

  private async statusWordOf(id: number): Promise<string> {
    const status = (await this.repo.findOneBy({ id }))?.status;
    return status ? this.deps.templates.render(`outbox.status.${status}`) : '';
  }

  /** Draft → queued (with a new text when edited); only from the given statuses, so a race with the cut-off is harmless. */
  private async approve(row: OutboxMessage, staffId: number | null, now: Date, text?: string, from: OutboxStatus[] = ['draft']): Promise<boolean> {
    const set: Partial<OutboxMessage> = { status: 'queued', decidedBy: staffId, decidedAt: now, updatedAt: now };
    // An edited text is the assistant's own: delivery keeps it as it is (see dispatch-verdict.ts).
    if (text !== undefined) Object.assign(set, { text, meta: JSON.stringify({ ...parseMeta(row.meta), edited: true }) });
    return this.move(row.id, from, set);
  }

  private skip(row: OutboxMessage, staffId: number, now: Date): Promise<boolean> {
    return this.move(row.id, ['draft', 'queued'], { status: 'skipped', reason: 'skipped_by_assistant', decidedBy: staffId, decidedAt: now, updatedAt: now });
  }

  private async move(id: number, from: OutboxStatus[], set: Partial<OutboxMessage>): Promise<boolean> {
    const r = await this.repo.createQueryBuilder().update(OutboxMessage).set(set).where('id = :id', { id }).andWhere('status IN (:...from)', { from }).execute();
    return (r.affected ?? 0) > 0;
  }

  /** The cut-off job: unhandled drafts of today (and before) go out as they are, or are dropped when they needed approval. */
  cutoff(now: Date): Promise<CutoffResult> {
    return cutoffDrafts(this.deps.ds, this.deps.settings.timezone, now);
  }

  // --- the same actions over HTTP ----------------------------------------------------------------

  /** Rows a staff member may decide: assistants their members', managers all (the routes keep admins out). */
  visibleRow(staff: Staff, id: number): Promise<OutboxMessage> {
    return visibleOutboxRow(this.deps.ds, staff, id);
  }

  async listForHttp(staff: Staff, opts: { date?: string; status: 'draft' | 'all'; assistantId?: number }, now: Date) {
    const tz = this.deps.settings.timezone;
    const day = opts.date ? storeDayBounds(new Date(`${opts.date}T12:00:00Z`), tz) : storeDayBounds(now, tz);
    const qb = this.repo.createQueryBuilder('o').where('o.dueAt < :end', { end: day.end });
    if (opts.status === 'draft') qb.andWhere('o.status = :s', { s: 'draft' });
    else qb.andWhere('o.dueAt >= :start', { start: day.start });
    const assistantId = staff.role === 'assistant' ? staff.id : opts.assistantId;
    if (assistantId !== undefined) qb.andWhere('o.assistantId = :a', { a: assistantId });
    // Today's list, for whoever looks at it (a manager sees every assistant's), offers only what can go.
    if (!opts.date || opts.date === storeDayBounds(now, tz).key) {
      const pending = this.repo.createQueryBuilder('o').where('o.status = :d AND o.dueAt < :end', { d: 'draft', end: day.end });
      if (assistantId !== undefined) pending.andWhere('o.assistantId = :a', { a: assistantId });
      await this.settle(await pending.orderBy('o.dueAt', 'ASC').addOrderBy('o.priority', 'ASC').addOrderBy('o.id', 'ASC').getMany(), now);
    }
    const rows = await qb.orderBy('o.dueAt', 'ASC').addOrderBy('o.priority', 'ASC').addOrderBy('o.id', 'ASC').limit(1000).getMany();
    const numbers = rows.length ? await this.deps.ds.getRepository(DraftNumber).findBy({ outboxId: In(rows.map((r) => r.id)), day: day.key }) : [];
    const noById = new Map(numbers.map((n) => [n.outboxId, n.itemNo]));
    const members = await this.membersOf(rows);
    const complaints = await complaintsBeside(
      this.deps.ds,
      rows.filter((r) => r.status === 'draft'),
    );
    return {
      date: day.key,
      drafts: rows.map((r) => {
        const c = r.status === 'draft' ? complaints.get(r.memberId) : undefined;
        return { ...this.toHttp(r, members.get(r.memberId) ?? null, noById.get(r.id) ?? null), openComplaint: c ? { ticketNo: c.ticketNo, status: c.status } : null };
      }),
    };
  }

  toHttp(r: OutboxMessage, member: Member | null, no: number | null = null): OutboxRowView {
    return outboxRowView(this.deps.templates, this.deps.settings.timezone, r, member, no);
  }

  async decide(staff: Staff, id: number, action: 'send' | 'skip' | 'edit', text: string | undefined, now: Date) {
    const row = await this.visibleRow(staff, id);
    let ok: boolean;
    if (action === 'send') ok = await this.approve(row, staff.id, now);
    else if (action === 'skip') ok = await this.skip(row, staff.id, now);
    else {
      const clean = (text ?? '').trim();
      if (!clean) throw new ValidationError('Text must not be empty', { text: 'empty' });
      const word = promotionWordIn(row.occasion, clean);
      if (word) throw new ValidationError('The text carries a promotion word', [{ path: 'text', message: `“${word}” is a promotion word: a ${row.occasion} text carries wishes or care only` }]);
      const member = await this.deps.ds.getRepository(Member).findOneBy({ id: row.memberId });
      ok = await this.approve(row, staff.id, now, signedBy(this.deps.templates, this.deps.storeName, staff, member, clean), ['draft', 'queued']);
    }
    const fresh = await this.repo.findOneByOrFail({ id });
    if (!ok) throw new ConflictError(`The draft is already ${fresh.status}`, { status: fresh.status });
    const member = await this.deps.ds.getRepository(Member).findOneBy({ id: fresh.memberId });
    return this.toHttp(fresh, member);
  }

  async sendAllForHttp(staff: Staff, now: Date): Promise<{ queued: number }> {
    const day = storeDayBounds(now, this.deps.settings.timezone);
    const qb = this.repo
      .createQueryBuilder('o')
      .where('o.status = :s', { s: 'draft' })
      .andWhere('o.dueAt < :end', { end: day.end });
    if (staff.role === 'assistant') qb.andWhere('o.assistantId = :a', { a: staff.id });
    const rows = await qb.getMany();
    let queued = 0;
    for (const r of rows) if (await this.approve(r, staff.id, now)) queued += 1;
    return { queued };
  }
}

