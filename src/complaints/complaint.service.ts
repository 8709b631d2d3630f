import { In, IsNull, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import type { InboundFile } from '../chat/ports';
import { isUniqueViolation } from '../db/data-source';
import type { Member } from '../members/member.entity';
import { MemberService } from '../members/member.service';
import type { CoreDeps } from '../module';
import type { OutboxPort } from '../outbox/outbox.port';
import { AppError, ConflictError, NotFoundError, ValidationError, type ErrorCode } from '../shared/errors';
import { formatStoreTime, inWindow, storeDateKey, storeMinuteOfDay } from '../shared/store-time';
import { truncateChars } from '../shared/text';
import type { Staff } from '../staff/staff.entity';
import { ComplaintCompensation, type CompensationLevel } from './complaint-compensation.entity';
import { ComplaintDraft } from './complaint-draft.entity';
import { ComplaintEvent, type ComplaintEventType } from './complaint-event.entity';
import { classifyCompensation, describeCompensation, ticketNoFor, type CompensationRequest } from './complaint-parsing';
import { ComplaintPhoto, ComplaintPhotoPart, PHOTO_PART_CHARS } from './complaint-photo.entity';
import { Complaint, COMPLAINT_CATEGORIES, type ComplaintCategory, type ComplaintChannel, type ComplaintStatus } from './complaint.entity';

export const MAX_PHOTOS = 9;
/** A WeChat photo is usually well under this; larger files are refused rather than bloating the database. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_DESCRIPTION_CHARS = 2000;

export type Actor = { kind: 'staff'; staff: Staff } | { kind: 'member'; member: Member } | { kind: 'system' };

export interface OpenInput {
  memberId: number;
  channel: ComplaintChannel;
  description: string;
  category: ComplaintCategory;
  orderNo?: string | null;
  photos?: InboundFile[];
  /** Photos already stored for a chat draft (`member:<id>`), attached to the new ticket. */
  draftKey?: string;
  /** The staff member filing on the member's behalf (channel `staff`). */
  filedBy?: Staff;
}

export interface ListFilters {
  status?: ComplaintStatus;
  category?: ComplaintCategory;
  assistantId?: number;
  memberId?: number;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export type CompensationOutcome = { status: 'granted' | 'pending'; compensation: ComplaintCompensation; level: CompensationLevel };

const roleLabel = (s: Staff) => (s.role === 'assistant' ? '导购' : s.role === 'manager' ? '店长' : '');

/** Complaints, handled to the end: filing, timeline, replies, compensation, deadlines, surveys, reports. No Koa, no Wechaty. */
export class ComplaintService {
  private readonly ds: DataSource;

  constructor(private readonly deps: CoreDeps) {
    this.ds = deps.ds;
  }

  get repo() {
    return this.ds.getRepository(Complaint);
  }

  private get t() {
    return this.deps.templates;
  }

  private get tz() {
    return this.deps.config.STORE_TIMEZONE;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  // ---- filing -----------------------------------------------------------------------------------

  /** Opens a ticket (chat, mini-program or staff on the member's behalf) and tells the staff at once. */
  async open(input: OpenInput): Promise<Complaint> {
    const member = await this.deps.members.get(input.memberId);
    const description = input.description.trim();
    if (!description) throw new ValidationError('The description is empty', [{ path: 'description', message: 'required' }]);
    if (!COMPLAINT_CATEGORIES.includes(input.category)) throw new ValidationError('Unknown category', [{ path: 'category', message: `one of ${COMPLAINT_CATEGORIES.join(', ')}` }]);
    for (const p of input.photos ?? []) this.checkPhoto(p);
    const now = this.now();
    const day = storeDateKey(now, this.tz);
    let complaint: Complaint | null = null;
    for (let attempt = 0; attempt < 20 && !complaint; attempt++) {
      try {
        complaint = await this.ds.transaction(async (em) => {
          const last = await em
            .createQueryBuilder(Complaint, 'c')
            .select('c.ticketNo', 'ticketNo')
            .where('c.ticketNo LIKE :prefix', { prefix: `${ticketNoFor(day, 0).slice(0, 10)}%` })
            .orderBy('c.ticketNo', 'DESC')
            .limit(1)
            .getRawOne<{ ticketNo: string }>();
          const next = (last ? Number(last.ticketNo.slice(10)) : 0) + 1 + attempt;
          const c = em.create(Complaint, {
            ticketNo: ticketNoFor(day, next),
            memberId: member.id,
            assistantId: member.assistantId,
            channel: input.channel,
            category: input.category,
            description: Array.from(description).slice(0, MAX_DESCRIPTION_CHARS).join(''),
            orderNo: input.orderNo?.trim() ? input.orderNo.trim().slice(0, 64) : null,
            status: 'open',
            rootCause: null,
            resolution: null,
            createdAt: now,
            acknowledgedAt: null,
            acknowledgedBy: null,
            firstAnsweredAt: null,
            resolvedAt: null,
            firstResolvedAt: null,
            closedAt: null,
            reopenCount: 0,
            ackBreachedAt: null,
            answerBreachedAt: null,
            satisfied: null,
            surveySentAt: null,
            surveyScore: null,
            surveyComment: null,
            surveyAnsweredAt: null,
            updatedAt: now,
          });
          await em.save(c);
          const actor: Actor = input.filedBy ? { kind: 'staff', staff: input.filedBy } : { kind: 'member', member };
          await this.addEvent(em, c, actor, 'filed', truncateChars(description, 500), true);
          if (input.draftKey) {
            await em.update(ComplaintPhoto, { draftKey: input.draftKey, complaintId: IsNull() }, { complaintId: c.id, draftKey: null });
          }
          for (const p of input.photos ?? []) await this.storePhoto(em, { complaintId: c.id, draftKey: null }, p);
          await em.delete(ComplaintDraft, { memberId: member.id });
          return c;
        });
      } catch (err) {
        // Another instance took the number in the same instant: try the next one.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    if (!complaint) throw new ConflictError('Could not allocate a ticket number, please try again');
    this.deps.log.info({ ticketNo: complaint.ticketNo, memberId: member.id, category: complaint.category, channel: complaint.channel }, 'complaint filed');
    await this.announce(complaint, member);
    if (input.channel === 'staff' && input.filedBy) {
      await this.deps.notifier.toMember(member.id, this.t.render('complaints.member.filed_by_staff', { ticket: complaint.ticketNo, staff: input.filedBy.name, ...this.promiseVars(complaint) }));
    }
    return complaint;
  }

  /** When the member will hear back, in store time: the promise made at filing. */
  promiseVars(c: Complaint): { ackBy: string; answerBy: string; ackMinutes: number; answerHours: number } {
    const ack = new Date(c.createdAt.getTime() + this.deps.config.COMPLAINT_ACK_MINUTES * 60_000);
    const answer = new Date(c.createdAt.getTime() + this.deps.config.COMPLAINT_ANSWER_HOURS * 3_600_000);
    const fmt = (d: Date) => (storeDateKey(d, this.tz) === storeDateKey(c.createdAt, this.tz) ? `今天${formatStoreTime(d, this.tz, 'HH:mm')}` : formatStoreTime(d, this.tz, 'M月D日 HH:mm'));
    return { ackBy: fmt(ack), answerBy: fmt(answer), ackMinutes: this.deps.config.COMPLAINT_ACK_MINUTES, answerHours: this.deps.config.COMPLAINT_ANSWER_HOURS };
  }

  private async announce(c: Complaint, member: Member): Promise<void> {
    const photos = await this.ds.getRepository(ComplaintPhoto).countBy({ complaintId: c.id });
    const text = this.t.render('complaints.staff.new_ticket', {
      ticket: c.ticketNo,
      member: MemberService.displayName(member),
      code: member.code,
      category: this.categoryLabel(c.category),
      summary: truncateChars(c.description.replace(/\s+/g, ' '), 80),
      orderNo: c.orderNo,
      photos: photos || null,
      ackMinutes: this.deps.config.COMPLAINT_ACK_MINUTES,
    });
    let reached = false;
    if (c.assistantId) reached = await this.deps.notifier.toStaff(c.assistantId, text);
    if (!c.assistantId) for (const m of await this.deps.staff.managers()) reached = (await this.deps.notifier.toStaff(m.id, text)) || reached;
    if (this.deps.config.STAFF_ROOM_ID) reached = (await this.deps.notifier.toRoom(this.deps.config.STAFF_ROOM_ID, text)) || reached;
    if (!reached) this.deps.log.warn({ ticketNo: c.ticketNo }, 'new complaint could not be announced in chat; the deadline job will remind');
  }

  // ---- photos -----------------------------------------------------------------------------------

  private checkPhoto(file: InboundFile): void {
    const bytes = Math.floor((file.base64.length * 3) / 4);
    if (bytes > MAX_PHOTO_BYTES) throw new ValidationError('Photo too large', [{ path: 'photos', message: `at most ${MAX_PHOTO_BYTES} bytes` }]);
  }

  private async storePhoto(em: EntityManager, owner: { complaintId: number | null; draftKey: string | null }, file: InboundFile): Promise<ComplaintPhoto> {
    const photo = await em.save(
      em.create(ComplaintPhoto, {
        complaintId: owner.complaintId,
        draftKey: owner.draftKey,
        name: (file.name || 'photo').slice(0, 128),
        mediaType: (file.mediaType || 'application/octet-stream').slice(0, 64),
        sizeBytes: Buffer.from(file.base64, 'base64').length,
        createdAt: this.now(),
      }),
    );
    for (let i = 0, part = 0; i < file.base64.length; i += PHOTO_PART_CHARS, part++) {
      await em.insert(ComplaintPhotoPart, { photoId: photo.id, part, data: file.base64.slice(i, i + PHOTO_PART_CHARS) });
    }
    return photo;
  }

  /** A photo sent while the complaint is still being written in chat; returns how many the draft has. */
  async addDraftPhoto(draftKey: string, file: InboundFile): Promise<{ stored: boolean; count: number; reason?: 'too_many' | 'too_large' }> {
    const count = await this.ds.getRepository(ComplaintPhoto).countBy({ draftKey, complaintId: IsNull() });
    if (count >= MAX_PHOTOS) return { stored: false, count, reason: 'too_many' };
    try {
      this.checkPhoto(file);
    } catch {
      return { stored: false, count, reason: 'too_large' };
    }
    await this.ds.transaction((em) => this.storePhoto(em, { complaintId: null, draftKey }, file));
    return { stored: true, count: count + 1 };
  }

  async draftPhotoCount(draftKey: string): Promise<number> {
    return this.ds.getRepository(ComplaintPhoto).countBy({ draftKey, complaintId: IsNull() });
  }

  async discardDraftPhotos(draftKey: string): Promise<void> {
    const photos = await this.ds.getRepository(ComplaintPhoto).findBy({ draftKey, complaintId: IsNull() });
    if (!photos.length) return;
    await this.ds.getRepository(ComplaintPhotoPart).delete({ photoId: In(photos.map((p) => p.id)) });
    await this.ds.getRepository(ComplaintPhoto).delete({ id: In(photos.map((p) => p.id)) });
  }

  async photoData(complaintId: number, photoId: number): Promise<{ photo: ComplaintPhoto; data: Buffer }> {
    const photo = await this.ds.getRepository(ComplaintPhoto).findOneBy({ id: photoId, complaintId });
    if (!photo) throw new NotFoundError('Photo not found');
    const parts = await this.ds.getRepository(ComplaintPhotoPart).find({ where: { photoId }, order: { part: 'ASC' } });
    return { photo, data: Buffer.from(parts.map((p) => p.data).join(''), 'base64') };
  }

  // ---- drafts (a complaint left halfway in chat) ------------------------------------------------------

  async saveDraft(memberId: number, step: string, data: Record<string, unknown>): Promise<void> {
    const repo = this.ds.getRepository(ComplaintDraft);
    const row = { step, data: JSON.stringify(data), savedAt: this.now() };
    const updated = await repo.update({ memberId }, row);
    if (!updated.affected) {
      try {
        await repo.insert({ memberId, ...row });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        await repo.update({ memberId }, row);
      }
    }
  }

  async takeDraft(memberId: number): Promise<{ step: string; data: Record<string, unknown> } | null> {
    const row = await this.ds.getRepository(ComplaintDraft).findOneBy({ memberId });
    if (!row) return null;
    await this.ds.getRepository(ComplaintDraft).delete({ id: row.id });
    return { step: row.step, data: JSON.parse(row.data) as Record<string, unknown> };
  }

  async hasDraft(memberId: number): Promise<boolean> {
    return (await this.ds.getRepository(ComplaintDraft).countBy({ memberId })) > 0;
  }

  async dropDraft(memberId: number): Promise<void> {
    await this.ds.getRepository(ComplaintDraft).delete({ memberId });
    await this.discardDraftPhotos(`member:${memberId}`);
  }

  // ---- reading ----------------------------------------------------------------------------------

  /**
   * Right to erasure: the member's words and photos go; the tickets stay as anonymous rows (category,
   * times, breaches, scores) so the complaint reports still add up.
   */
  async eraseForMember(memberId: number): Promise<number> {
    return this.ds.transaction(async (em) => {
      const tickets = await em.find(Complaint, { where: { memberId }, select: { id: true } });
      const ids = tickets.map((t) => t.id);
      if (ids.length) {
        const photos = await em.find(ComplaintPhoto, { where: { complaintId: In(ids) }, select: { id: true } });
        if (photos.length) {
          await em.delete(ComplaintPhotoPart, { photoId: In(photos.map((p) => p.id)) });
          await em.delete(ComplaintPhoto, { id: In(photos.map((p) => p.id)) });
        }
        await em.update(ComplaintEvent, { complaintId: In(ids) }, { text: null });
        await em.update(Complaint, { id: In(ids) }, { description: '', orderNo: null, resolution: null, surveyComment: null, updatedAt: this.deps.clock.now() });
      }
      const draftPhotos = await em.find(ComplaintPhoto, { where: { draftKey: `member:${memberId}`, complaintId: IsNull() }, select: { id: true } });
      if (draftPhotos.length) {
        await em.delete(ComplaintPhotoPart, { photoId: In(draftPhotos.map((p) => p.id)) });
        await em.delete(ComplaintPhoto, { id: In(draftPhotos.map((p) => p.id)) });
      }
      await em.delete(ComplaintDraft, { memberId });
      return ids.length;
    });
  }

  async listForMember(memberId: number): Promise<Complaint[]> {
    return this.repo.find({ where: { memberId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 });
  }

  /** A member's own ticket; null for a number that does not exist or is someone else's (they learn nothing of it). */
  async findForMember(memberId: number, ticketNo: string): Promise<Complaint | null> {
    return this.repo.findOneBy({ memberId, ticketNo: ticketNo.toUpperCase() });
  }

  async timeline(complaintId: number, opts: { memberView?: boolean } = {}): Promise<ComplaintEvent[]> {
    return this.ds.getRepository(ComplaintEvent).find({
      where: opts.memberView ? { complaintId, visibleToMember: true } : { complaintId },
      order: { id: 'ASC' },
    });
  }

  async memberOf(c: Complaint): Promise<Member | null> {
    return this.deps.members.repo.findOneBy({ id: c.memberId });
  }

  async byTicket(ticketNo: string): Promise<Complaint> {
    const c = await this.repo.findOneBy({ ticketNo: ticketNo.toUpperCase() });
    if (!c) throw new NotFoundError(`No complaint ${ticketNo}`);
    return c;
  }

  async get(id: number): Promise<Complaint> {
    const c = await this.repo.findOneBy({ id });
    if (!c) throw new NotFoundError('Complaint not found');
    return c;
  }

  /** Managers see every ticket; an assistant the tickets they handle and those of their own members. */
  async canSee(staff: Staff, c: Complaint): Promise<boolean> {
    if (staff.role === 'manager') return true;
    // An admin manages accounts and holds no member data (README, staff roles).
    if (staff.role !== 'assistant') return false;
    if (c.assistantId === staff.id) return true;
    const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
    return member?.assistantId === staff.id;
  }

  async visibleTicket(staff: Staff, ticketNo: string): Promise<Complaint> {
    const c = await this.byTicket(ticketNo);
    // An assistant is not told that someone else's ticket exists.
    if (!(await this.canSee(staff, c))) throw new NotFoundError(`No complaint ${ticketNo}`);
    return c;
  }

  private assertNotClosed(c: Complaint): void {
    if (c.status === 'closed') throw new ComplaintRuleError('conflict', 'closed', `Complaint ${c.ticketNo} is closed`, { status: c.status });
  }

  async list(staff: Staff, f: ListFilters): Promise<{ items: Complaint[]; total: number }> {
    const now = this.now();
    const qb = this.repo.createQueryBuilder('c').leftJoin('member', 'm', 'm.id = c.memberId');
    if (staff.role === 'assistant') qb.andWhere('(c.assistantId = :me OR m.assistantId = :me)', { me: staff.id });
    else if (staff.role !== 'manager') qb.andWhere('1 = 0');
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.category) qb.andWhere('c.category = :category', { category: f.category });
    if (f.assistantId) qb.andWhere('c.assistantId = :assistantId', { assistantId: f.assistantId });
    if (f.memberId) qb.andWhere('c.memberId = :memberId', { memberId: f.memberId });
    if (f.overdue !== undefined) {
      const overdue =
        "(c.status IN ('open','in_progress') AND ((c.acknowledgedAt IS NULL AND c.createdAt <= :ackCut) OR (c.firstAnsweredAt IS NULL AND c.createdAt <= :answerCut)))";
      qb.andWhere(f.overdue ? overdue : `NOT ${overdue}`, {
        ackCut: new Date(now.getTime() - this.deps.config.COMPLAINT_ACK_MINUTES * 60_000),
        answerCut: new Date(now.getTime() - this.deps.config.COMPLAINT_ANSWER_HOURS * 3_600_000),
      });
    }
    qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').take(f.limit ?? 50).skip(f.offset ?? 0);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** Whether a ticket is past a deadline right now (not acknowledged / not answered in time). */
  overdue(c: Complaint, now = this.now()): { acknowledge: boolean; answer: boolean } {
    const active = c.status === 'open' || c.status === 'in_progress';
    const age = now.getTime() - c.createdAt.getTime();
    return {
      acknowledge: active && !c.acknowledgedAt && age >= this.deps.config.COMPLAINT_ACK_MINUTES * 60_000,
      answer: active && !c.firstAnsweredAt && age >= this.deps.config.COMPLAINT_ANSWER_HOURS * 3_600_000,
    };
  }

  async compensations(complaintId: number): Promise<ComplaintCompensation[]> {
    return this.ds.getRepository(ComplaintCompensation).find({ where: { complaintId }, order: { id: 'ASC' } });
  }

  async photos(complaintId: number): Promise<ComplaintPhoto[]> {
    return this.ds.getRepository(ComplaintPhoto).find({ where: { complaintId }, order: { id: 'ASC' } });
  }

  categoryLabel(c: ComplaintCategory): string {
    return this.t.render(`complaints.categories.${c}`);
  }

  statusLabel(s: ComplaintStatus): string {
    return this.t.render(`complaints.statuses.${s}`);
  }

  // ---- staff actions ----------------------------------------------------------------------------

  private async addEvent(em: EntityManager, c: Complaint, actor: Actor, type: ComplaintEventType | 'survey_skipped', text: string | null, visibleToMember = false): Promise<void> {
    await em.insert(ComplaintEvent, {
      complaintId: c.id,
      type: type as ComplaintEventType,
      actorKind: actor.kind,
      actorId: actor.kind === 'staff' ? actor.staff.id : actor.kind === 'member' ? actor.member.id : null,
      actorName: actor.kind === 'staff' ? actor.staff.name : actor.kind === 'member' ? MemberService.displayName(actor.member).slice(0, 64) : '系统',
      text: text === null ? null : Array.from(text).slice(0, 4000).join(''),
      visibleToMember,
      at: this.now(),
    });
  }

  private async mustHandle(staff: Staff, c: Complaint): Promise<void> {
    if (!(await this.canSee(staff, c))) throw new ComplaintRuleError('forbidden', 'not_yours', `Complaint ${c.ticketNo} is handled by another assistant`);
  }

  /** A person has seen the ticket and is on it: stops the 1-hour clock. */
  async acknowledge(staff: Staff, c: Complaint): Promise<{ already: boolean }> {
    await this.mustHandle(staff, c);
    this.assertNotClosed(c);
    if (c.acknowledgedAt) return { already: true };
    const now = this.now();
    await this.ds.transaction(async (em) => {
      const r = await em.update(Complaint, { id: c.id, acknowledgedAt: IsNull() }, { acknowledgedAt: now, acknowledgedBy: staff.id, status: c.status === 'open' ? 'in_progress' : c.status, updatedAt: now });
      if (r.affected) await this.addEvent(em, c, { kind: 'staff', staff }, 'acknowledged', this.t.render('complaints.timeline.acknowledged', { staff: staff.name }), true);
    });
    await this.deps.notifier.toMember(c.memberId, this.t.render('complaints.member.acknowledged', { ticket: c.ticketNo, staff: staff.name, role: roleLabel(staff) }));
    Object.assign(c, await this.get(c.id));
    return { already: false };
  }

  /** Text that reaches the member signed by the staff member; a reply is also the first real answer. */
  async reply(staff: Staff, c: Complaint, text: string): Promise<{ delivered: boolean }> {
    await this.mustHandle(staff, c);
    this.assertNotClosed(c);
    const body = text.trim();
    if (!body) throw new ValidationError('The reply is empty', [{ path: 'text', message: 'required' }]);
    const delivered = await this.deps.notifier.toMember(
      c.memberId,
      this.t.render('complaints.member.staff_reply', { text: body, staff: staff.name, role: roleLabel(staff), ticket: c.ticketNo }),
    );
    const now = this.now();
    await this.ds.transaction(async (em) => {
      await this.addEvent(em, c, { kind: 'staff', staff }, 'reply', delivered ? body : `${body}\n（未送达：顾客暂时无法通过微信联系）`, delivered);
      await em.update(Complaint, { id: c.id, acknowledgedAt: IsNull() }, { acknowledgedAt: now, acknowledgedBy: staff.id });
      if (delivered) await em.update(Complaint, { id: c.id, firstAnsweredAt: IsNull() }, { firstAnsweredAt: now });
      await em.update(Complaint, { id: c.id, status: 'open' }, { status: 'in_progress' });
      await em.update(Complaint, { id: c.id }, { updatedAt: now });
    });
    Object.assign(c, await this.get(c.id));
    return { delivered };
  }

  /** Renders a saved reply (`/退换政策`) for a ticket; null when there is no such name. */
  async savedReply(name: string, c: Complaint, staff: Staff): Promise<string | null> {
    const key = `complaints.saved-replies.${name.replace(/^\//, '').trim()}`;
    if (!this.t.has(key)) return null;
    const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
    return this.t.render(key, { member: member ? MemberService.displayName(member) : '您', staff: staff.name, ticket: c.ticketNo, store: this.deps.config.STORE_NAME });
  }

  savedReplyNames(): string[] {
    const prefix = 'complaints.saved-replies.';
    return this.t.keys().filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  async assign(staff: Staff, c: Complaint, to: Staff): Promise<void> {
    if (staff.role === 'assistant' && c.assistantId !== staff.id) throw new ComplaintRuleError('forbidden', 'assign_not_allowed', 'Only the manager or the assistant handling the ticket may hand it over');
    this.assertNotClosed(c);
    if (!to.active || (to.role !== 'assistant' && to.role !== 'manager')) throw new ComplaintRuleError('validation_failed', 'bad_assignee', 'Can only hand a ticket to an active assistant or manager', [{ path: 'staffId', message: 'an active assistant or manager' }]);
    if (c.assistantId === to.id) throw new ComplaintRuleError('conflict', 'same_assignee', `${to.name} already handles ${c.ticketNo}`);
    await this.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, { assistantId: to.id, updatedAt: this.now() });
      await this.addEvent(em, c, { kind: 'staff', staff }, 'assigned', this.t.render('complaints.timeline.assigned', { to: to.name }));
    });
    c.assistantId = to.id;
    const member = await this.deps.members.get(c.memberId);
    await this.deps.notifier.toStaff(to.id, this.t.render('complaints.staff.assigned_to_you', {
      ticket: c.ticketNo,
      from: staff.name,
      member: MemberService.displayName(member),
      code: member.code,
      category: this.categoryLabel(c.category),
      summary: truncateChars(c.description, 80),
    }));
  }

  async setRootCause(staff: Staff, c: Complaint, cause: string): Promise<void> {
    await this.mustHandle(staff, c);
    const value = Array.from(cause.trim()).slice(0, 32).join('');
    if (!value) throw new ValidationError('The root cause is empty', [{ path: 'rootCause', message: 'required' }]);
    await this.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, { rootCause: value, updatedAt: this.now() });
      await this.addEvent(em, c, { kind: 'staff', staff }, 'root_cause', value);
    });
    c.rootCause = value;
  }

  /**
   * DOMAIN.md: minor (coupon up to the minor limit) by any assistant; medium (exchange, or a coupon up
   * to the medium limit) with a note; severe (refund, extra, or more) needs a manager's approval,
   * which the bot asks the manager(s) for in chat.
   */
  async compensate(staff: Staff, c: Complaint, req: CompensationRequest): Promise<CompensationOutcome> {
    await this.mustHandle(staff, c);
    this.assertNotClosed(c);
    const level = classifyCompensation(req, { minorMaxYuan: this.deps.config.COMPLAINT_MINOR_MAX_YUAN, mediumMaxYuan: this.deps.config.COMPLAINT_MEDIUM_MAX_YUAN });
    if (level !== 'minor' && !req.note) {
      throw new ComplaintRuleError('validation_failed', 'note_required', 'A note is required for this compensation', [{ path: 'note', message: `required for ${level} compensation` }]);
    }
    const needsApproval = level === 'severe' && staff.role === 'assistant';
    const now = this.now();
    const what = describeCompensation(req);
    const comp = await this.ds.transaction(async (em) => {
      const row = await em.save(
        em.create(ComplaintCompensation, {
          complaintId: c.id,
          level,
          exchange: req.exchange,
          couponFen: req.couponFen,
          refundFen: req.refundFen,
          extraFen: req.extraFen,
          note: req.note,
          status: needsApproval ? 'pending' : 'granted',
          requestedBy: staff.id,
          decidedBy: needsApproval ? null : staff.id,
          decidedAt: needsApproval ? null : now,
          decisionNote: null,
          createdAt: now,
        }),
      );
      await this.addEvent(em, c, { kind: 'staff', staff }, needsApproval ? 'compensation_requested' : 'compensation_granted', [what, req.note].filter(Boolean).join('；'), !needsApproval);
      await em.update(Complaint, { id: c.id }, { updatedAt: now });
      return row;
    });
    if (needsApproval) {
      const member = await this.deps.members.get(c.memberId);
      const text = this.t.render('complaints.staff.approval_request', {
        ticket: c.ticketNo,
        staff: staff.name,
        member: MemberService.displayName(member),
        code: member.code,
        what,
        note: req.note,
        summary: truncateChars(c.description, 80),
      });
      for (const m of await this.deps.staff.managers()) await this.deps.notifier.toStaff(m.id, text);
    } else {
      await this.deps.notifier.toMember(c.memberId, this.t.render('complaints.member.compensation', { ticket: c.ticketNo, what, staff: staff.name, role: roleLabel(staff) }));
    }
    return { status: needsApproval ? 'pending' : 'granted', compensation: comp, level };
  }

  /** A manager decides a pending compensation (the latest one unless an id is given). */
  async decideCompensation(manager: Staff, c: Complaint, approve: boolean, note: string | null, compensationId?: number): Promise<ComplaintCompensation> {
    if (manager.role !== 'manager') throw new ComplaintRuleError('forbidden', 'manager_only', 'Only a manager may approve or reject compensation');
    const repo = this.ds.getRepository(ComplaintCompensation);
    const pending = compensationId
      ? await repo.findOneBy({ id: compensationId, complaintId: c.id })
      : await repo.findOne({ where: { complaintId: c.id, status: 'pending' }, order: { id: 'DESC' } });
    if (!pending) throw new ComplaintRuleError('not_found', 'nothing_pending', `No compensation waiting for approval on ${c.ticketNo}`);
    if (pending.status !== 'pending') throw new ComplaintRuleError('conflict', 'already_decided', 'This compensation was already decided', { status: pending.status });
    const now = this.now();
    const what = describeCompensation(pending);
    await this.ds.transaction(async (em) => {
      const r = await em.update(ComplaintCompensation, { id: pending.id, status: 'pending' }, { status: approve ? 'granted' : 'rejected', decidedBy: manager.id, decidedAt: now, decisionNote: note });
      if (!r.affected) throw new ComplaintRuleError('conflict', 'already_decided', 'This compensation was already decided');
      await this.addEvent(em, c, { kind: 'staff', staff: manager }, approve ? 'compensation_approved' : 'compensation_rejected', [what, note].filter(Boolean).join('；'), approve);
    });
    Object.assign(pending, await repo.findOneByOrFail({ id: pending.id }));
    if (approve) {
      await this.deps.notifier.toMember(c.memberId, this.t.render('complaints.member.compensation', { ticket: c.ticketNo, what, staff: manager.name, role: roleLabel(manager) }));
    }
    if (pending.requestedBy !== manager.id) {
      await this.deps.notifier.toStaff(pending.requestedBy, this.t.render(approve ? 'complaints.staff.approved' : 'complaints.staff.rejected', { ticket: c.ticketNo, what, manager: manager.name, note }));
    }
    return pending;
  }

  /** Staff say what was done; the member is told and asked "满意吗". */
  async resolve(staff: Staff, c: Complaint, resolution: string): Promise<{ delivered: boolean }> {
    await this.mustHandle(staff, c);
    this.assertNotClosed(c);
    if (c.status === 'resolved') throw new ComplaintRuleError('conflict', 'already_resolved', `Complaint ${c.ticketNo} is already resolved`, { status: c.status });
    const text = resolution.trim();
    if (!text) throw new ValidationError('Say what was done', [{ path: 'resolution', message: 'required' }]);
    const now = this.now();
    const delivered = await this.deps.notifier.toMember(
      c.memberId,
      this.t.render('complaints.member.resolved', { ticket: c.ticketNo, text, staff: staff.name, role: roleLabel(staff) }),
    );
    await this.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, {
        status: 'resolved',
        resolution: text,
        resolvedAt: now,
        firstResolvedAt: c.firstResolvedAt ?? now,
        acknowledgedAt: c.acknowledgedAt ?? now,
        acknowledgedBy: c.acknowledgedBy ?? staff.id,
        firstAnsweredAt: c.firstAnsweredAt ?? (delivered ? now : null),
        satisfied: null,
        updatedAt: now,
      });
      await this.addEvent(em, c, { kind: 'staff', staff }, 'resolved', text, true);
    });
    Object.assign(c, await this.get(c.id));
    if (delivered) {
      const subjectKey = `member:${c.memberId}`;
      const current = await this.deps.dialogs.load(subjectKey);
      // Never cut into something the member is in the middle of; the survey asks again later.
      if (current.state !== 'active') await this.deps.dialogs.start(subjectKey, 'complaint-satisfaction', 'ask', { ticketId: c.id });
    }
    return { delivered };
  }

  // ---- the member's answers ----------------------------------------------------------------------

  /** "满意吗": 1 closes the ticket; 2 reopens it and tells the assistant (a second chance). */
  async memberSatisfaction(member: Member, complaintId: number, satisfied: boolean): Promise<Complaint> {
    const c = await this.get(complaintId);
    if (c.memberId !== member.id) throw new NotFoundError('Complaint not found');
    const now = this.now();
    if (satisfied) {
      await this.ds.transaction(async (em) => {
        await em.update(Complaint, { id: c.id }, { satisfied: true, status: c.status === 'resolved' ? 'closed' : c.status, closedAt: c.status === 'resolved' ? now : c.closedAt, updatedAt: now });
        await this.addEvent(em, c, { kind: 'member', member }, 'satisfied', this.t.render('complaints.timeline.satisfied'), true);
      });
    } else {
      await this.reopen(member, c, this.t.render('complaints.timeline.not_satisfied'));
    }
    return this.get(c.id);
  }

  private async reopen(member: Member, c: Complaint, why: string): Promise<void> {
    const now = this.now();
    await this.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, { satisfied: false, status: 'in_progress', resolvedAt: null, closedAt: null, reopenCount: c.reopenCount + 1, updatedAt: now });
      await this.addEvent(em, c, { kind: 'member', member }, 'reopened', why, true);
    });
    const text = this.t.render('complaints.staff.reopened', { ticket: c.ticketNo, member: MemberService.displayName(member), code: member.code, why });
    const to = c.assistantId ? [c.assistantId] : (await this.deps.staff.managers()).map((m) => m.id);
    for (const id of to) await this.deps.notifier.toStaff(id, text);
  }

  async answerSurvey(member: Member, complaintId: number, score: number, comment: string | null): Promise<Complaint> {
    const c = await this.get(complaintId);
    if (c.memberId !== member.id) throw new NotFoundError('Complaint not found');
    const now = this.now();
    await this.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, {
        surveyScore: score,
        surveyComment: comment ? Array.from(comment).slice(0, 1000).join('') : null,
        surveyAnsweredAt: now,
        status: c.status === 'resolved' ? 'closed' : c.status,
        closedAt: c.status === 'resolved' ? now : c.closedAt,
        updatedAt: now,
      });
      await this.addEvent(em, c, { kind: 'member', member }, 'survey_answered', comment ? `${score}分：${comment}` : `${score}分`);
    });
    if (score <= 2) {
      const text = this.t.render('complaints.staff.low_score', { ticket: c.ticketNo, member: MemberService.displayName(member), code: member.code, score, comment });
      const to = new Set<number>([...(c.assistantId ? [c.assistantId] : []), ...(await this.deps.staff.managers()).map((m) => m.id)]);
      for (const id of to) await this.deps.notifier.toStaff(id, text);
    }
    return this.get(c.id);
  }

  // ---- deadlines --------------------------------------------------------------------------------

  /**
   * Not acknowledged within COMPLAINT_ACK_MINUTES → the assistant is reminded; no first real answer
   * within COMPLAINT_ANSWER_HOURS → the manager(s) are told. Each breach is recorded once on the ticket
   * by a conditional update, so several instances or repeated runs notify once.
   */
  async runDeadlines(now: Date): Promise<{ ackReminders: number; escalations: number }> {
    const ackCut = new Date(now.getTime() - this.deps.config.COMPLAINT_ACK_MINUTES * 60_000);
    const answerCut = new Date(now.getTime() - this.deps.config.COMPLAINT_ANSWER_HOURS * 3_600_000);
    let ackReminders = 0;
    let escalations = 0;
    const late = await this.repo.find({ where: { status: 'open', acknowledgedAt: IsNull(), ackBreachedAt: IsNull(), createdAt: LessThanOrEqual(ackCut) }, order: { id: 'ASC' }, take: 500 });
    for (const c of late) {
      if (!(await this.claimBreach(c, 'ackBreachedAt', now))) continue;
      ackReminders++;
      const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
      const text = this.t.render('complaints.staff.ack_overdue', {
        ticket: c.ticketNo,
        member: member ? MemberService.displayName(member) : '',
        code: member?.code ?? '',
        minutes: this.deps.config.COMPLAINT_ACK_MINUTES,
        summary: truncateChars(c.description, 60),
      });
      const to = c.assistantId ? [c.assistantId] : (await this.deps.staff.managers()).map((m) => m.id);
      for (const id of to) await this.deps.notifier.toStaff(id, text);
    }
    const unanswered = await this.repo.find({
      where: { status: In(['open', 'in_progress']), firstAnsweredAt: IsNull(), answerBreachedAt: IsNull(), createdAt: LessThanOrEqual(answerCut) },
      order: { id: 'ASC' },
      take: 500,
    });
    for (const c of unanswered) {
      if (!(await this.claimBreach(c, 'answerBreachedAt', now))) continue;
      escalations++;
      const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
      const assistant = c.assistantId ? await this.deps.staff.repo.findOneBy({ id: c.assistantId }) : null;
      const text = this.t.render('complaints.staff.answer_overdue', {
        ticket: c.ticketNo,
        member: member ? MemberService.displayName(member) : '',
        code: member?.code ?? '',
        hours: this.deps.config.COMPLAINT_ANSWER_HOURS,
        assistant: assistant?.name ?? '（未分配）',
        summary: truncateChars(c.description, 60),
      });
      for (const m of await this.deps.staff.managers()) await this.deps.notifier.toStaff(m.id, text);
    }
    if (ackReminders || escalations) this.deps.log.info({ ackReminders, escalations }, 'complaint deadlines checked');
    return { ackReminders, escalations };
  }

  private async claimBreach(c: Complaint, field: 'ackBreachedAt' | 'answerBreachedAt', now: Date): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const r = await em.update(Complaint, { id: c.id, [field]: IsNull() }, { [field]: now });
      if (!r.affected) return false;
      await this.addEvent(em, c, { kind: 'system' }, field === 'ackBreachedAt' ? 'ack_breached' : 'answer_breached',
        field === 'ackBreachedAt'
          ? this.t.render('complaints.timeline.ack_breached', { minutes: this.deps.config.COMPLAINT_ACK_MINUTES })
          : this.t.render('complaints.timeline.answer_breached', { hours: this.deps.config.COMPLAINT_ANSWER_HOURS }));
      return true;
    });
  }

  // ---- the follow-up survey ---------------------------------------------------------------------

  /**
   * COMPLAINT_SURVEY_DAYS after resolution, a short survey: through the outbox when it exists (it
   * handles quiet hours, caps and delivery, and starts the survey dialog after sending), otherwise sent
   * here directly. Either way the ticket is claimed first (surveySentAt), so it goes out once.
   */
  async runSurveys(now: Date): Promise<{ queued: number; sent: number; skipped: number; waiting: number }> {
    const due = new Date(now.getTime() - this.deps.config.COMPLAINT_SURVEY_DAYS * 86_400_000);
    const rows = await this.repo.find({
      where: { status: In(['resolved', 'closed']), surveySentAt: IsNull(), resolvedAt: LessThanOrEqual(due) },
      order: { id: 'ASC' },
      take: 200,
    });
    const outbox = this.deps.services.outbox as OutboxPort | undefined;
    const useOutbox = typeof outbox?.enqueue === 'function';
    const quiet = inWindow(storeMinuteOfDay(now, this.tz), this.deps.config.QUIET_HOURS_START, this.deps.config.QUIET_HOURS_END);
    const result = { queued: 0, sent: 0, skipped: 0, waiting: 0 };
    for (const c of rows) {
      const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
      if (!member || member.erasedAt) {
        if (await this.claimSurvey(c, now)) await this.recordSurvey(c, 'survey_skipped', this.t.render('complaints.timeline.survey_skipped_gone'));
        result.skipped++;
        continue;
      }
      const assistant = c.assistantId ? await this.deps.staff.repo.findOneBy({ id: c.assistantId }) : null;
      const text = this.t.render('complaints.member.survey', { name: MemberService.displayName(member), ticket: c.ticketNo, staff: assistant?.name ?? this.deps.config.STORE_NAME }, c.id);
      if (useOutbox) {
        if (!(await this.claimSurvey(c, now))) continue;
        const queued = await outbox!.enqueue({
          memberId: c.memberId,
          occasion: 'complaint_followup',
          occasionDate: storeDateKey(now, this.tz),
          text,
          dueAt: now,
          meta: { ticketId: c.id, ticketNo: c.ticketNo, dialog: { name: 'complaint-survey', step: 'score', data: { ticketId: c.id } } },
        });
        if (!queued.created) {
          // The member's survey of another ticket holds today's outbox key (one per member and day):
          // give the claim back, so this ticket's survey goes on a later day instead of being lost.
          await this.repo.update({ id: c.id }, { surveySentAt: null });
          result.waiting++;
          continue;
        }
        await this.recordSurvey(c, 'survey_sent', this.t.render('complaints.timeline.survey_queued'));
        result.queued++;
        continue;
      }
      // Without the outbox: the same courtesy rules, applied here.
      if (member.optedOut) {
        if (await this.claimSurvey(c, now)) await this.recordSurvey(c, 'survey_skipped', this.t.render('complaints.timeline.survey_skipped_opt_out'));
        result.skipped++;
        continue;
      }
      const subjectKey = `member:${member.id}`;
      if (quiet || (await this.deps.dialogs.load(subjectKey)).state === 'active') {
        result.waiting++;
        continue;
      }
      if (!(await this.claimSurvey(c, now))) continue;
      const sent = await this.deps.notifier.toMember(member.id, text);
      if (!sent) {
        // Not delivered (offline, or no chat contact): give the claim back and try on a later run.
        await this.repo.update({ id: c.id }, { surveySentAt: null });
        result.waiting++;
        continue;
      }
      await this.deps.dialogs.start(subjectKey, 'complaint-survey', 'score', { ticketId: c.id });
      await this.recordSurvey(c, 'survey_sent', this.t.render('complaints.timeline.survey_sent'));
      result.sent++;
    }
    return result;
  }

  private async claimSurvey(c: Complaint, now: Date): Promise<boolean> {
    const r = await this.repo.update({ id: c.id, surveySentAt: IsNull() }, { surveySentAt: now });
    return Boolean(r.affected);
  }

  private async recordSurvey(c: Complaint, type: 'survey_sent' | 'survey_skipped', text: string): Promise<void> {
    await this.ds.transaction((em) => this.addEvent(em, c, { kind: 'system' }, type, text));
  }
}

/** A rule of complaint handling said no; `reason` picks the staff member's chat wording. */
export class ComplaintRuleError extends AppError {
  constructor(code: ErrorCode, public readonly reason: string, message: string, details?: unknown) {
    super(code, message, details);
  }
}
