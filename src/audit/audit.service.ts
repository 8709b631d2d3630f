import { type DataSource, type EntityManager, type FindOptionsWhere, Between, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import type { Clock } from '../shared/clock';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  action: string;
  memberId?: number | null;
  targetType?: string | null;
  targetId?: string | number | null;
  /** Filters, changed field names, counts. Never phone numbers, addresses or free text of members. */
  details?: Record<string, unknown> | null;
}

/** Who is acting, as the HTTP layer knows them. */
export interface AuditActor {
  // Structural, so the audit log sits below the staff module that uses it.
  staff: { id: number; name: string; role: string };
  ip?: string | null;
}

export interface AuditQuery {
  memberId?: number;
  staffId?: number;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** The audit log: appended by the staff API, read by managers. */
export class AuditService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  get repo() {
    return this.ds.getRepository(AuditEntry);
  }

  private row(actor: AuditActor, r: AuditRecord, at: Date): Partial<AuditEntry> {
    return {
      at,
      staffId: actor.staff.id,
      staffName: actor.staff.name,
      staffRole: actor.staff.role,
      action: r.action,
      memberId: r.memberId ?? null,
      targetType: r.targetType ?? (r.memberId ? 'member' : null),
      targetId: r.targetId !== undefined && r.targetId !== null ? String(r.targetId) : r.memberId ? String(r.memberId) : null,
      details: r.details ? JSON.stringify(r.details) : null,
      ip: actor.ip ? actor.ip.slice(0, 64) : null,
    };
  }

  /** Appends one entry; given a transaction's manager, the entry commits (or not) with the change it records. */
  async record(actor: AuditActor, r: AuditRecord, em?: EntityManager): Promise<void> {
    await (em ? em.getRepository(AuditEntry) : this.repo).insert(this.row(actor, r, this.clock.now()));
  }

  /** Several entries in one insert (a hand-over touches many members). */
  async recordMany(actor: AuditActor, records: AuditRecord[]): Promise<void> {
    const at = this.clock.now();
    for (let i = 0; i < records.length; i += 500) {
      await this.repo.insert(records.slice(i, i + 500).map((r) => this.row(actor, r, at)));
    }
  }

  async list(q: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const where: FindOptionsWhere<AuditEntry> = {};
    if (q.memberId !== undefined) where.memberId = q.memberId;
    if (q.staffId !== undefined) where.staffId = q.staffId;
    if (q.action !== undefined) where.action = q.action;
    if (q.from && q.to) where.at = Between(q.from, q.to);
    else if (q.from) where.at = MoreThanOrEqual(q.from);
    else if (q.to) where.at = LessThanOrEqual(q.to);
    const [items, total] = await this.repo.findAndCount({
      where,
      order: { at: 'DESC', id: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return { items, total };
  }
}
