import { IsNull } from 'typeorm';
import type { InboundFile } from '../../chat';
import { isUniqueViolation } from '../../db/sql-dialect';
import type { Member } from '../../members';
import { MemberService } from '../../members';
import { ConflictError, ValidationError } from '../../shared/errors';
import { formatStoreTime, storeDateKey } from '../../shared/store-time';
import { truncateChars } from '../../shared/text';
import type { Staff } from '../../staff';
import { ComplaintDraft } from '../complaint-draft.entity';
import { ticketNoFor } from '../complaint-parsing';
import { ComplaintPhoto } from '../complaint-photo.entity';
import { appendEvent, type Actor } from '../complaint-timeline';
import { Complaint, COMPLAINT_CATEGORIES, type ComplaintCategory, type ComplaintChannel } from '../complaint.entity';
import type { ComplaintsDeps } from '../complaints-deps';
import { acknowledgeDueAt, answerDueAt, type DeadlineConfig } from '../deadlines/deadline-rules';
import type { ComplaintQueries } from '../handling/complaint-queries';
import type { ComplaintPhotos } from './complaint-photos';

export const MAX_DESCRIPTION_CHARS = 2000;

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

export type ComplaintFilingDeps = Pick<
  ComplaintsDeps,
  'ds' | 'clock' | 'log' | 'templates' | 'members' | 'staff' | 'notifier' | 'timezone' | 'staffRoomId' | 'ackMinutes' | 'answerHours'
> & { photos: ComplaintPhotos; queries: ComplaintQueries; deadlines: DeadlineConfig };

/** Opening a ticket from chat, the mini-program or staff, and telling the staff at once. */
export class ComplaintFiling {
  constructor(private readonly deps: ComplaintFilingDeps) {}

  /** Opens a ticket (chat, mini-program or staff on the member's behalf) and tells the staff at once. */
  async open(input: OpenInput): Promise<Complaint> {
    const { ds, templates: t } = this.deps;
    const member = await this.deps.members.get(input.memberId);
    const description = input.description.trim();
    if (!description) throw new ValidationError('The description is empty', [{ path: 'description', message: 'required' }]);
    if (!COMPLAINT_CATEGORIES.includes(input.category)) throw new ValidationError('Unknown category', [{ path: 'category', message: `one of ${COMPLAINT_CATEGORIES.join(', ')}` }]);
    for (const p of input.photos ?? []) this.deps.photos.check(p);
    const now = this.deps.clock.now();
    const day = storeDateKey(now, this.deps.timezone);
    let complaint: Complaint | null = null;
    for (let attempt = 0; attempt < 20 && !complaint; attempt++) {
      try {
        complaint = await ds.transaction(async (em) => {
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
          await appendEvent(em, c, { actor, type: 'filed', text: truncateChars(description, 500), visibleToMember: true, at: this.deps.clock.now() });
          if (input.draftKey) {
            await em.update(ComplaintPhoto, { draftKey: input.draftKey, complaintId: IsNull() }, { complaintId: c.id, draftKey: null });
          }
          for (const p of input.photos ?? []) await this.deps.photos.store(em, { complaintId: c.id, draftKey: null }, p);
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
      await this.deps.notifier.toMember(member.id, t.render('complaints.member.filed_by_staff', { ticket: complaint.ticketNo, staff: input.filedBy.name, ...this.promiseVars(complaint) }));
    }
    return complaint;
  }

  /** When the member will hear back, in store time (the deadline job's own calculation): the promise made at filing. */
  promiseVars(c: Complaint): { ackBy: string; answerBy: string; ackMinutes: number; answerHours: number } {
    const tz = this.deps.timezone;
    const ack = acknowledgeDueAt(c.createdAt, this.deps.deadlines);
    const answer = answerDueAt(c.createdAt, this.deps.deadlines);
    const fmt = (d: Date) => (storeDateKey(d, tz) === storeDateKey(c.createdAt, tz) ? `今天${formatStoreTime(d, tz, 'HH:mm')}` : formatStoreTime(d, tz, 'M月D日 HH:mm'));
    return { ackBy: fmt(ack), answerBy: fmt(answer), ackMinutes: this.deps.ackMinutes, answerHours: this.deps.answerHours };
  }

  private async announce(c: Complaint, member: Member): Promise<void> {
    const { notifier } = this.deps;
    const photos = await this.deps.ds.getRepository(ComplaintPhoto).countBy({ complaintId: c.id });
    const text = this.deps.templates.render('complaints.staff.new_ticket', {
      ticket: c.ticketNo,
      member: MemberService.displayName(member),
      code: member.code,
      category: this.deps.queries.categoryLabel(c.category),
      summary: truncateChars(c.description.replace(/\s+/g, ' '), 80),
      orderNo: c.orderNo,
      photos: photos || null,
      ackMinutes: this.deps.ackMinutes,
    });
    let reached = false;
    // The description is the member's own words: masked for anyone who may not reach the member, and in the room.
    if (c.assistantId) reached = await notifier.toStaff(c.assistantId, text, { about: member });
    if (!c.assistantId) for (const m of await this.deps.staff.managers()) reached = (await notifier.toStaff(m.id, text, { about: member })) || reached;
    if (this.deps.staffRoomId) reached = (await notifier.toRoom(this.deps.staffRoomId, text)) || reached;
    if (!reached) this.deps.log.warn({ ticketNo: c.ticketNo }, 'new complaint could not be announced in chat; the deadline job will remind');
  }
}
