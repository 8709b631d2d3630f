import type { DataSource } from 'typeorm';
import type { Member, MemberService } from '../../members';
import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import type { TemplateLibrary } from '../../shared/templates';
import type { Staff } from '../../staff';
import { ComplaintRuleError } from '../complaint-errors';
import { ComplaintCompensation } from '../complaint-compensation.entity';
import { ComplaintEvent } from '../complaint-event.entity';
import { Complaint, type ComplaintCategory, type ComplaintStatus } from '../complaint.entity';
import { acknowledgeCutoff, answerCutoff, overdue, type DeadlineConfig } from '../deadlines/deadline-rules';

export interface ListFilters {
  status?: ComplaintStatus;
  category?: ComplaintCategory;
  assistantId?: number;
  memberId?: number;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export interface ComplaintQueriesDeps {
  ds: DataSource;
  clock: Clock;
  templates: TemplateLibrary;
  members: MemberService;
  deadlines: DeadlineConfig;
}

/** Reading tickets, and who may see which: a manager every ticket, an assistant their own. */
export class ComplaintQueries {
  constructor(private readonly deps: ComplaintQueriesDeps) {}

  get repo() {
    return this.deps.ds.getRepository(Complaint);
  }

  async get(id: number): Promise<Complaint> {
    const c = await this.repo.findOneBy({ id });
    if (!c) throw new NotFoundError('Complaint not found');
    return c;
  }

  async byTicket(ticketNo: string): Promise<Complaint> {
    const c = await this.repo.findOneBy({ ticketNo: ticketNo.toUpperCase() });
    if (!c) throw new NotFoundError(`No complaint ${ticketNo}`);
    return c;
  }

  async listForMember(memberId: number): Promise<Complaint[]> {
    return this.repo.find({ where: { memberId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 });
  }

  /** A member's own ticket; null for a number that does not exist or is someone else's (they learn nothing of it). */
  async findForMember(memberId: number, ticketNo: string): Promise<Complaint | null> {
    return this.repo.findOneBy({ memberId, ticketNo: ticketNo.toUpperCase() });
  }

  async timeline(complaintId: number, opts: { memberView?: boolean } = {}): Promise<ComplaintEvent[]> {
    return this.deps.ds.getRepository(ComplaintEvent).find({
      where: opts.memberView ? { complaintId, visibleToMember: true } : { complaintId },
      order: { id: 'ASC' },
    });
  }

  async compensations(complaintId: number): Promise<ComplaintCompensation[]> {
    return this.deps.ds.getRepository(ComplaintCompensation).find({ where: { complaintId }, order: { id: 'ASC' } });
  }

  async memberOf(c: Complaint): Promise<Member | null> {
    return this.deps.members.repo.findOneBy({ id: c.memberId });
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

  /** Acting on a ticket takes being able to see it; an assistant gets a chat reason for the refusal. */
  async assertHandles(staff: Staff, c: Complaint): Promise<void> {
    if (!(await this.canSee(staff, c))) throw new ComplaintRuleError('forbidden', 'not_yours', `Complaint ${c.ticketNo} is handled by another assistant`);
  }

  async visibleTicket(staff: Staff, ticketNo: string): Promise<Complaint> {
    const c = await this.byTicket(ticketNo);
    // An assistant is not told that someone else's ticket exists.
    if (!(await this.canSee(staff, c))) throw new NotFoundError(`No complaint ${ticketNo}`);
    return c;
  }

  async list(staff: Staff, f: ListFilters): Promise<{ items: Complaint[]; total: number }> {
    const now = this.deps.clock.now();
    const qb = this.repo.createQueryBuilder('c').leftJoin('member', 'm', 'm.id = c.memberId');
    if (staff.role === 'assistant') qb.andWhere('(c.assistantId = :me OR m.assistantId = :me)', { me: staff.id });
    else if (staff.role !== 'manager') qb.andWhere('1 = 0');
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.category) qb.andWhere('c.category = :category', { category: f.category });
    if (f.assistantId) qb.andWhere('c.assistantId = :assistantId', { assistantId: f.assistantId });
    if (f.memberId) qb.andWhere('c.memberId = :memberId', { memberId: f.memberId });
    if (f.overdue !== undefined) {
      // The SQL form of deadline-rules' overdue().
      const late =
        "(c.status IN ('open','in_progress') AND ((c.acknowledgedAt IS NULL AND c.createdAt <= :ackCut) OR (c.firstAnsweredAt IS NULL AND c.createdAt <= :answerCut)))";
      qb.andWhere(f.overdue ? late : `NOT ${late}`, {
        ackCut: acknowledgeCutoff(now, this.deps.deadlines),
        answerCut: answerCutoff(now, this.deps.deadlines),
      });
    }
    qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').take(f.limit ?? 50).skip(f.offset ?? 0);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** Whether a ticket is past a deadline right now (not acknowledged / not answered in time). */
  overdue(c: Complaint, now = this.deps.clock.now()): { acknowledge: boolean; answer: boolean } {
    return overdue(c, now, this.deps.deadlines);
  }

  categoryLabel(c: ComplaintCategory): string {
    return this.deps.templates.render(`complaints.categories.${c}`);
  }

  statusLabel(s: ComplaintStatus): string {
    return this.deps.templates.render(`complaints.statuses.${s}`);
  }
}
