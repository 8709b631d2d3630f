import type { AuditService } from '../../audit';
import { MemberService, type Member } from '../../members';
import { ForbiddenError, ValidationError } from '../../shared/errors';
import { canReachMember } from '../../staff';
import type { TemplateLibrary } from '../../shared/templates';
import type { PointsChangeResult } from './points-ledger';
import type { PointsService } from './points.service';

/** Who is changing points: a staff member, from the API (with the client address) or chat. */
export interface PointsActor {
  staff: { id: number; name: string; role: string };
  ip?: string | null;
}

export interface PointsDeskDeps {
  points: PointsService;
  audit: Pick<AuditService, 'record'>;
  templates: TemplateLibrary;
  /** Tells the member what was redeemed or adjusted (chat; false when not reachable). */
  tellMember(memberId: number, text: string): Promise<boolean>;
  /** POINTS_ASSISTANT_REDEEM_MAX. */
  assistantRedeemMax: number;
}

/** Raised when a role may not do what it asked; carries the chat text too. */
export class PointsRoleError extends ForbiddenError {
  constructor(
    message: string,
    public readonly chatText: string,
  ) {
    // The console shows the staff member the same Chinese sentence the chat answers with.
    super(message, [{ message: chatText }]);
  }
}

/**
 * The staff side of points, shared by the API and chat: role limits (an assistant redeems for their own
 * members up to a limit per redemption; only managers adjust), the audit line, and the member's receipt.
 */
export class PointsDesk {
  constructor(private readonly deps: PointsDeskDeps) {}

  async redeem(actor: PointsActor, member: Member, input: { points: number; note: string | null; idempotencyKey?: string }): Promise<PointsChangeResult> {
    const t = this.deps.templates;
    if (!canReachMember(actor.staff, member)) throw new ForbiddenError('This member is looked after by another assistant');
    if (actor.staff.role !== 'manager' && input.points > this.deps.assistantRedeemMax) {
      throw new PointsRoleError(`An assistant redeems at most ${this.deps.assistantRedeemMax} points at a time; ask a manager`, t.render('loyalty.points.staff.over_limit', { max: this.deps.assistantRedeemMax }));
    }
    const r = await this.deps.points.redeem({ memberId: member.id, points: input.points, note: input.note, staffId: actor.staff.id, idempotencyKey: input.idempotencyKey });
    if (r.status === 'applied') {
      await this.deps.audit.record(actor, { action: 'points.redeem', memberId: member.id, targetType: 'points_entry', targetId: r.entry.id, details: { points: input.points, balance: r.balance } });
      await this.deps.tellMember(
        member.id,
        t.render('loyalty.points.redeemed_member', { name: MemberService.displayName(member), points: input.points, note: input.note, balance: r.balance }),
      );
    }
    return r;
  }

  async adjust(actor: PointsActor, member: Member, input: { points: number; reason: string }): Promise<PointsChangeResult> {
    const t = this.deps.templates;
    if (actor.staff.role !== 'manager') throw new PointsRoleError('Only managers adjust points', t.render('loyalty.points.staff.managers_only'));
    if (!input.reason.trim()) throw new ValidationError('A reason is required', [{ path: 'reason', message: 'required', code: 'too_small' }]);
    const r = await this.deps.points.adjust({ memberId: member.id, points: input.points, reason: input.reason.trim(), staffId: actor.staff.id });
    if (r.status === 'applied') {
      await this.deps.audit.record(actor, { action: 'points.adjust', memberId: member.id, targetType: 'points_entry', targetId: r.entry.id, details: { points: input.points, balance: r.balance } });
      await this.deps.tellMember(
        member.id,
        t.render('loyalty.points.adjusted_member', { name: MemberService.displayName(member), up: input.points > 0, points: Math.abs(input.points), reason: input.reason.trim(), balance: r.balance }),
      );
    }
    return r;
  }
}
