import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { AuditActor, AuditService } from '../../audit';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { TemplateLibrary } from '../../shared/templates';
import { Staff, type StaffService } from '../../staff';
import type { MemberDirectoryService } from '../directory/member-directory.service';
import { Member } from '../member.entity';
import { MemberService } from '../member.service';
import type { MemberNotices } from '../member-notices';
import type { AfterMove, AssignmentFollower } from './assignment-followers';

export interface AssistantAssignmentDeps {
  ds: DataSource;
  clock: Clock;
  templates: TemplateLibrary;
  directory: MemberDirectoryService;
  staff: StaffService;
  audit: AuditService;
  notices: MemberNotices;
  /** What else follows a member's assistant (drafts, complaints …), moved in the same transaction. */
  followers: AssignmentFollower[];
}

/** Which assistant looks after a member: a manager's reassignment, and the hand-over when an assistant leaves. */
export class AssistantAssignmentService {
  constructor(private readonly deps: AssistantAssignmentDeps) {}

  private get memberRepo() {
    return this.deps.ds.getRepository(Member);
  }

  private async activeAssistant(id: number): Promise<Staff> {
    const s = await this.deps.ds.getRepository(Staff).findOneBy({ id });
    if (!s || s.role !== 'assistant') throw new NotFoundError('No assistant with this id');
    if (!s.active) throw new ConflictError('This assistant is no longer active');
    return s;
  }

  /** A manager gives a member another assistant; the member is told in chat who looks after them now. */
  async reassign(actor: AuditActor, id: number, assistantId: number): Promise<{ member: Member; assistant: Staff; changed: boolean; memberTold: boolean }> {
    const m = await this.deps.directory.getReachable(actor, id);
    const to = await this.activeAssistant(assistantId);
    if (m.assistantId === to.id) return { member: m, assistant: to, changed: false, memberTold: false };
    const from = m.assistantId;
    // The member and their open drafts, greetings and complaints move together, or nothing moves.
    const after = await this.deps.ds.transaction(async (em) => {
      await em.update(Member, { id: m.id }, { assistantId: to.id, updatedAt: this.deps.clock.now() });
      return this.moveFollowers(em, [m.id], from, to);
    });
    m.assistantId = to.id;
    await runAll(after);
    await this.deps.audit.record(actor, { action: 'member.reassign', memberId: m.id, details: { from, to: to.id } });
    const t = this.deps.templates;
    const memberTold = await this.deps.notices.toMember(m.id, t.render('admin.members.reassigned', { name: MemberService.displayName(m), assistant: to.name }));
    await this.deps.notices.toStaff(to.id, t.render('admin.members.to_new_assistant', { member: MemberService.displayName(m), code: m.code }));
    return { member: m, assistant: to, changed: true, memberTold };
  }

  /**
   * When an assistant leaves: all their members go to one successor, or are spread over the remaining
   * active assistants (each to whoever has the fewest members at that moment). Their open drafts,
   * queued greetings and complaints go with them, and whatever else the leaver still held (tickets handed
   * to them) goes to each member's own assistant or to the managers, all in one transaction. Purchases,
   * messages and notes stay with the member, so nothing of their history is lost.
   */
  async handover(actor: AuditActor, fromId: number, opts: { successorId?: number; deactivate?: boolean }) {
    const staffRepo = this.deps.ds.getRepository(Staff);
    const from = await staffRepo.findOneBy({ id: fromId });
    if (!from || from.role !== 'assistant') throw new NotFoundError('No assistant with this id');
    let targets: Staff[];
    if (opts.successorId !== undefined) {
      if (opts.successorId === from.id) throw new ValidationError('Invalid body', [{ path: 'successorId', message: 'the successor must be another assistant', code: 'custom', in: 'body' }]);
      targets = [await this.activeAssistant(opts.successorId)];
    } else {
      targets = (await this.deps.staff.assistants()).filter((s) => s.id !== from.id);
      if (!targets.length) throw new ConflictError('There is no other active assistant to hand the members to');
    }
    const members = await this.memberRepo.find({ where: { assistantId: from.id, erasedAt: IsNull() }, order: { id: 'ASC' } });
    // Current loads, so the spread evens out the team rather than just the newcomers.
    const load = new Map<number, number>();
    for (const t of targets) load.set(t.id, await this.memberRepo.countBy({ assistantId: t.id, erasedAt: IsNull() }));
    const plan = new Map<number, Member[]>();
    for (const m of members) {
      const target = targets.reduce((a, b) => ((load.get(b.id) ?? 0) < (load.get(a.id) ?? 0) ? b : a));
      load.set(target.id, (load.get(target.id) ?? 0) + 1);
      plan.set(target.id, [...(plan.get(target.id) ?? []), m]);
    }
    const now = this.deps.clock.now();
    const byId = new Map(targets.map((t) => [t.id, t]));
    const after = await this.deps.ds.transaction(async (em) => {
      const done: AfterMove[] = [];
      for (const [targetId, list] of plan) {
        for (let i = 0; i < list.length; i += 500) {
          const ids = list.slice(i, i + 500).map((m) => m.id);
          // Only members still with the leaving assistant move: a concurrent reassignment wins.
          const still = (await em.find(Member, { select: { id: true }, where: { id: In(ids), assistantId: from.id } })).map((m) => m.id);
          if (!still.length) continue;
          await em.update(Member, { id: In(still), assistantId: from.id }, { assistantId: targetId, updatedAt: now });
          done.push(...(await this.moveFollowers(em, still, from.id, byId.get(targetId)!)));
        }
      }
      done.push(...(await this.releaseIn(em, from)));
      if (opts.deactivate) await em.update(Staff, { id: from.id }, { active: false });
      return done;
    });
    if (opts.deactivate) await this.deps.staff.revokeTokens(from.id);
    await runAll(after);
    await this.deps.audit.recordMany(
      actor,
      [...plan].flatMap(([targetId, list]) => list.map((m) => ({ action: 'member.handover', memberId: m.id, details: { from: from.id, to: targetId } }))),
    );
    if (opts.deactivate) await this.deps.audit.record(actor, { action: 'staff.deactivate', targetType: 'staff', targetId: from.id, details: { via: 'handover' } });
    const t = this.deps.templates;
    let told = 0;
    for (const [targetId, list] of plan) {
      const to = byId.get(targetId)!;
      for (const m of list) {
        const ok = await this.deps.notices.toMember(m.id, t.render('admin.members.handed_over', { name: MemberService.displayName(m), previous: from.name, assistant: to.name }));
        if (ok) told++;
      }
      await this.deps.notices.toStaff(to.id, t.render('admin.members.to_new_assistant_many', { count: list.length, previous: from.name }));
    }
    return {
      from,
      moved: members.length,
      membersTold: told,
      assignments: [...plan].map(([targetId, list]) => ({ assistant: byId.get(targetId)!, count: list.length, memberIds: list.map((m) => m.id) })),
      deactivated: Boolean(opts.deactivate),
    };
  }

  /**
   * A staff account is deactivated (the staff API, with no members left): whatever work the followers
   * still hold for them moves on, inside the caller's transaction. Returns what to do after the commit.
   */
  async releaseWorkOf(em: EntityManager, leaver: Staff): Promise<AfterMove> {
    const after = await this.releaseIn(em, leaver);
    return () => runAll(after);
  }

  private async moveFollowers(em: EntityManager, memberIds: number[], fromAssistantId: number | null, to: Staff): Promise<AfterMove[]> {
    const after: AfterMove[] = [];
    for (const f of this.deps.followers) {
      const next = await f.moveFor(em, { memberIds, fromAssistantId, to });
      if (next) after.push(next);
    }
    return after;
  }

  private async releaseIn(em: EntityManager, leaver: Staff): Promise<AfterMove[]> {
    const after: AfterMove[] = [];
    for (const f of this.deps.followers) {
      const next = await f.releaseFrom?.(em, leaver);
      if (next) after.push(next);
    }
    return after;
  }
}

/** Runs what the followers do after the commit, in order. */
async function runAll(after: AfterMove[]): Promise<void> {
  for (const run of after) await run();
}
