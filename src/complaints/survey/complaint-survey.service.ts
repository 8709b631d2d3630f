import { In, IsNull, LessThanOrEqual } from 'typeorm';
import type { Member } from '../../members';
import { MemberService } from '../../members';
import { NotFoundError } from '../../shared/errors';
import { storeDateKey } from '../../shared/store-time';
import { appendEvent } from '../complaint-timeline';
import { Complaint } from '../complaint.entity';
import type { ComplaintsDeps } from '../complaints-deps';
import type { ComplaintQueries } from '../handling/complaint-queries';

/** The chat dialog that takes the survey's answer (see chat/answer-dialogs.ts); the outbox starts it once the survey is delivered. */
export const SURVEY_DIALOG = 'complaint-survey';

const DAY = 86_400_000;

export type ComplaintSurveyDeps = Pick<ComplaintsDeps, 'ds' | 'clock' | 'templates' | 'members' | 'staff' | 'notifier' | 'outbox' | 'timezone' | 'storeName' | 'surveyDays'> & {
  queries: ComplaintQueries;
};

/** The short survey a few days after a resolution, and the member's score. */
export class ComplaintSurvey {
  constructor(private readonly deps: ComplaintSurveyDeps) {}

  private get repo() {
    return this.deps.ds.getRepository(Complaint);
  }

  /**
   * `surveyDays` after resolution, a short survey queued in the outbox (it handles quiet hours, caps,
   * opt-out and delivery, and starts the survey dialog after sending). The ticket is claimed first
   * (surveySentAt), so it goes out once.
   */
  async run(now: Date): Promise<{ queued: number; skipped: number; waiting: number }> {
    const t = this.deps.templates;
    const due = new Date(now.getTime() - this.deps.surveyDays * DAY);
    const rows = await this.repo.find({
      where: { status: In(['resolved', 'closed']), surveySentAt: IsNull(), resolvedAt: LessThanOrEqual(due) },
      order: { id: 'ASC' },
      take: 200,
    });
    const result = { queued: 0, skipped: 0, waiting: 0 };
    for (const c of rows) {
      const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
      if (!member || member.erasedAt) {
        if (await this.claim(c, now)) await this.record(c, 'survey_skipped', t.render('complaints.timeline.survey_skipped_gone'));
        result.skipped++;
        continue;
      }
      const assistant = c.assistantId ? await this.deps.staff.repo.findOneBy({ id: c.assistantId }) : null;
      const text = t.render('complaints.member.survey', { name: MemberService.displayName(member), ticket: c.ticketNo, staff: assistant?.name ?? this.deps.storeName }, c.id);
      if (!(await this.claim(c, now))) continue;
      const queued = await this.deps.outbox.enqueue({
        memberId: c.memberId,
        occasion: 'complaint_followup',
        occasionDate: storeDateKey(now, this.deps.timezone),
        text,
        dueAt: now,
        meta: { ticketId: c.id, ticketNo: c.ticketNo, dialog: { name: SURVEY_DIALOG, step: 'score', data: { ticketId: c.id } } },
      });
      if (!queued.created) {
        // The member's survey of another ticket holds today's outbox key (one per member and day):
        // give the claim back, so this ticket's survey goes on a later day instead of being lost.
        await this.repo.update({ id: c.id }, { surveySentAt: null });
        result.waiting++;
        continue;
      }
      await this.record(c, 'survey_sent', t.render('complaints.timeline.survey_queued'));
      result.queued++;
    }
    return result;
  }

  /** The member's score (1–5) and optional comment; a low score reaches the assistant and the manager(s). */
  async answer(member: Member, complaintId: number, score: number, comment: string | null): Promise<Complaint> {
    const c = await this.deps.queries.get(complaintId);
    if (c.memberId !== member.id) throw new NotFoundError('Complaint not found');
    const now = this.deps.clock.now();
    await this.deps.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, {
        surveyScore: score,
        surveyComment: comment ? Array.from(comment).slice(0, 1000).join('') : null,
        surveyAnsweredAt: now,
        status: c.status === 'resolved' ? 'closed' : c.status,
        closedAt: c.status === 'resolved' ? now : c.closedAt,
        updatedAt: now,
      });
      await appendEvent(em, c, { actor: { kind: 'member', member }, type: 'survey_answered', text: comment ? `${score}分：${comment}` : `${score}分`, at: this.deps.clock.now() });
    });
    if (score <= 2) {
      const text = this.deps.templates.render('complaints.staff.low_score', { ticket: c.ticketNo, member: MemberService.displayName(member), code: member.code, score, comment });
      const to = new Set<number>([...(c.assistantId ? [c.assistantId] : []), ...(await this.deps.staff.managers()).map((m) => m.id)]);
      for (const id of to) await this.deps.notifier.toStaff(id, text, { about: member });
    }
    return this.deps.queries.get(c.id);
  }

  private async claim(c: Complaint, now: Date): Promise<boolean> {
    const r = await this.repo.update({ id: c.id, surveySentAt: IsNull() }, { surveySentAt: now });
    return Boolean(r.affected);
  }

  private async record(c: Complaint, type: 'survey_sent' | 'survey_skipped', text: string): Promise<void> {
    await this.deps.ds.transaction((em) => appendEvent(em, c, { actor: { kind: 'system' }, type, text, at: this.deps.clock.now() }));
  }
}
