import { In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { type Member, MemberService } from '../../members';
import { formatStoreTime } from '../../shared/store-time';
import { truncateChars } from '../../shared/text';
import { appendEvent } from '../complaint-timeline';
import { Complaint } from '../complaint.entity';
import type { ComplaintsDeps } from '../complaints-deps';
import { acknowledgeCutoff, answerCutoff, breachesDue, dailyReminderDue, type DeadlineConfig } from './deadline-rules';

type BreachField = 'ackBreachedAt' | 'answerBreachedAt';

export type ComplaintDeadlinesDeps = Pick<ComplaintsDeps, 'ds' | 'clock' | 'log' | 'templates' | 'members' | 'staff' | 'notifier' | 'timezone'> & { deadlines: DeadlineConfig };

/**
 * The deadline job, on store time (deadline-rules). Not acknowledged in time → the assistant is reminded;
 * no first real answer in time → the manager(s) are told; still no answer on a later working day → the
 * assistant (and the managers) are reminded again, once that day. Each breach and each day's reminder is
 * recorded on the ticket by a conditional update, so several instances or repeated runs notify once.
 */
export class ComplaintDeadlines {
  constructor(private readonly deps: ComplaintDeadlinesDeps) {}

  private get repo() {
    return this.deps.ds.getRepository(Complaint);
  }

  async run(now: Date): Promise<{ ackReminders: number; escalations: number }> {
    const cfg = this.deps.deadlines;
    const t = this.deps.templates;
    let ackReminders = 0;
    let escalations = 0;
    // The queries narrow to candidates; breachesDue() is the rule.
    const late = await this.repo.find({
      where: { status: 'open', acknowledgedAt: IsNull(), ackBreachedAt: IsNull(), createdAt: LessThanOrEqual(acknowledgeCutoff(now, cfg)) },
      order: { id: 'ASC' },
      take: 500,
    });
    for (const c of late) {
      if (!breachesDue(c, now, cfg).ackReminder) continue;
      const member = await this.reachableMember(c);
      if (!member) continue;
      if (!(await this.claimBreach(c, 'ackBreachedAt', now))) continue;
      ackReminders++;
      const text = t.render('complaints.staff.ack_overdue', {
        ticket: c.ticketNo,
        member: MemberService.displayName(member),
        code: member.code,
        minutes: cfg.ackMinutes,
        summary: truncateChars(c.description, 60),
      });
      const to = c.assistantId ? [c.assistantId] : (await this.deps.staff.managers()).map((m) => m.id);
      for (const id of to) await this.deps.notifier.toStaff(id, text, { about: member ?? { assistantId: null } });
    }
    const unanswered = await this.repo.find({
      where: { status: In(['open', 'in_progress']), firstAnsweredAt: IsNull(), answerBreachedAt: IsNull(), createdAt: LessThanOrEqual(answerCutoff(now, cfg)) },
      order: { id: 'ASC' },
      take: 500,
    });
    for (const c of unanswered) {
      if (!breachesDue(c, now, cfg).escalation) continue;
      const member = await this.reachableMember(c);
      if (!member) continue;
      if (!(await this.claimBreach(c, 'answerBreachedAt', now))) continue;
      escalations++;
      const assistant = c.assistantId ? await this.deps.staff.repo.findOneBy({ id: c.assistantId }) : null;
      const text = t.render('complaints.staff.answer_overdue', {
        ticket: c.ticketNo,
        member: MemberService.displayName(member),
        code: member.code,
        hours: cfg.answerHours,
        assistant: assistant?.name ?? '（未分配）',
        summary: truncateChars(c.description, 60),
      });
      for (const m of await this.deps.staff.managers()) await this.deps.notifier.toStaff(m.id, text);
    }
    const dailyReminders = await this.remindDaily(now);
    if (ackReminders || escalations || dailyReminders) this.deps.log.info({ ackReminders, escalations, dailyReminders }, 'complaint deadlines checked');
    // The daily reminders are logged and on each ticket's timeline; the job's result keeps its shape.
    return { ackReminders, escalations };
  }

  /** Once per working day, while the store is open: tickets past their answer deadline and still unanswered. */
  private async remindDaily(now: Date): Promise<number> {
    const { deadlines: cfg, timezone: tz, templates: t } = this.deps;
    const candidates = await this.repo.find({
      where: { status: In(['open', 'in_progress']), firstAnsweredAt: IsNull(), answerBreachedAt: Not(IsNull()) },
      order: { id: 'ASC' },
      take: 500,
    });
    let sent = 0;
    for (const c of candidates) {
      const day = dailyReminderDue(c, now, cfg, tz);
      if (!day) continue;
      const member = await this.reachableMember(c);
      if (!member || !(await this.claimDailyReminder(c, day))) continue;
      sent++;
      const assistant = c.assistantId ? await this.deps.staff.repo.findOneBy({ id: c.assistantId }) : null;
      const text = t.render('complaints.staff.answer_reminder', {
        ticket: c.ticketNo,
        member: MemberService.displayName(member),
        code: member.code,
        filed: formatStoreTime(c.createdAt, tz, 'M月D日 HH:mm'),
        assistant: assistant?.name ?? '（未分配）',
        summary: truncateChars(c.description, 60),
      });
      const to = new Set<number>([...(c.assistantId ? [c.assistantId] : []), ...(await this.deps.staff.managers()).map((m) => m.id)]);
      for (const id of to) await this.deps.notifier.toStaff(id, text, { about: member });
    }
    return sent;
  }

  /** Records today's reminder unless another run already did (the day is the key, so restarts do not repeat it). */
  private async claimDailyReminder(c: Complaint, day: string): Promise<boolean> {
    return this.deps.ds.transaction(async (em) => {
      const r = await em
        .createQueryBuilder()
        .update(Complaint)
        .set({ answerRemindedOn: day })
        .where('id = :id', { id: c.id })
        .andWhere('(answerRemindedOn IS NULL OR answerRemindedOn < :day)', { day })
        .execute();
      if (!r.affected) return false;
      await appendEvent(em, c, {
        actor: { kind: 'system' },
        type: 'answer_reminded',
        text: this.deps.templates.render('complaints.timeline.answer_reminded', {}),
        at: this.deps.clock.now(),
      });
      return true;
    });
  }

  /**
   * The ticket's member, unless they erased their data: nobody can reach them, and a notice would
   * have nothing to say (erasure closes their tickets; this guards a ticket filed in the same instant).
   */
  private async reachableMember(c: Complaint): Promise<Member | null> {
    const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
    return member && !member.erasedAt ? member : null;
  }

  /** Records the breach unless another run already did; true when this run is the one to notify. */
  private async claimBreach(c: Complaint, field: BreachField, now: Date): Promise<boolean> {
    const { templates: t, deadlines: cfg } = this.deps;
    return this.deps.ds.transaction(async (em) => {
      const r = await em.update(Complaint, { id: c.id, [field]: IsNull() }, { [field]: now });
      if (!r.affected) return false;
      const ack = field === 'ackBreachedAt';
      await appendEvent(em, c, {
        actor: { kind: 'system' },
        type: ack ? 'ack_breached' : 'answer_breached',
        text: ack ? t.render('complaints.timeline.ack_breached', { minutes: cfg.ackMinutes }) : t.render('complaints.timeline.answer_breached', { hours: cfg.answerHours }),
        at: this.deps.clock.now(),
      });
      return true;
    });
  }
}
