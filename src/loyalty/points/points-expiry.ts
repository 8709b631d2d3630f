import { type DataSource, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { Member, MemberService } from '../../members';
import type { OutboxPort } from '../../outbox';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { storeDateKey, storeInstant } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import { PointsLot } from './points.entities';
import type { PointsLedger } from './points-ledger';
import { lastDayOf } from './points-rules';
import { monthDay } from './points-text';

export interface PointsExpiryDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  timezone: string;
  ledger: PointsLedger;
  outbox: OutboxPort;
  members: Pick<MemberService, 'assistantOf'>;
  /** POINTS_EXPIRY_REMINDER_DAYS and POINTS_EXPIRY_REMINDER_MIN. */
  reminderDays: number;
  reminderMin: number;
}

const BATCH = 500;
/** Reminders go out from this store time of the day the job runs (quiet hours still apply). */
const REMINDER_TIME = '10:00';


/**
 * The nightly points job: lots whose time is up expire (exactly what is left of them, one ledger entry per
 * member), then members with a meaningful amount expiring within the reminder window are told once per
 * batch of lots, through the outbox (occasion `points_expiry`: below birthdays, counted by the cap).
 */
export class PointsExpiryJob {
  constructor(private readonly deps: PointsExpiryDeps) {}

  async run(): Promise<{ expiredMembers: number; expiredPoints: number; reminders: number }> {
    const expired = await this.expire();
    const reminders = await this.remind();
    return { expiredMembers: expired.members, expiredPoints: expired.points, reminders };
  }

  private async expire(): Promise<{ members: number; points: number }> {
    const now = this.deps.clock.now();
    const repo = this.deps.ds.getRepository(PointsLot);
    let members = 0;
    let points = 0;
    for (;;) {
      const lots = await repo.find({ where: { isOpen: true, expiresAt: LessThanOrEqual(now) }, order: { memberId: 'ASC', id: 'ASC' }, take: BATCH });
      if (!lots.length) break;
      const byMember = new Map<number, PointsLot[]>();
      for (const l of lots) byMember.set(l.memberId, [...(byMember.get(l.memberId) ?? []), l]);
      let progressed = false;
      for (const [memberId, own] of byMember) {
        const last = lastDayOf(own.reduce((a, l) => (l.expiresAt > a ? l.expiresAt : a), own[0].expiresAt), this.deps.timezone);
        const r = await this.deps.ledger.apply({ memberId, kind: 'expired', points: 0, reason: `积分到期（有效至${monthDay(last)}）`, staffId: null, lotIds: own.map((l) => l.id) });
        if (r.status !== 'duplicate') progressed = true;
        if (r.status === 'applied') {
          members++;
          points -= r.entry.points;
        }
      }
      if (!progressed) break;
    }
    return { members, points };
  }

  private async remind(): Promise<number> {
    const { ds, timezone } = this.deps;
    const now = this.deps.clock.now();
    const horizon = new Date(now.getTime() + this.deps.reminderDays * 86_400_000);
    const repo = ds.getRepository(PointsLot);
    let sent = 0;
    let after = 0;
    for (;;) {
      // Members with unreminded points in the window, a batch of members at a time.
      const ids = (
        await repo
          .createQueryBuilder('l')
          .select('DISTINCT l.memberId', 'memberId')
          .where('l.isOpen = :open AND l.expiresAt > :now AND l.expiresAt <= :horizon AND l.remindedAt IS NULL AND l.memberId > :after', { open: true, now, horizon, after })
          .orderBy('l.memberId', 'ASC')
          .limit(BATCH)
          .getRawMany<{ memberId: number | string }>()
      ).map((r) => Number(r.memberId));
      if (!ids.length) break;
      after = ids[ids.length - 1];
      const lots = await repo.find({ where: { memberId: In(ids), isOpen: true, expiresAt: MoreThan(now), remindedAt: IsNull() }, order: { expiresAt: 'ASC' } });
      const members = new Map((await ds.getRepository(Member).find({ where: { id: In(ids), erasedAt: IsNull() } })).map((m) => [m.id, m]));
      for (const memberId of ids) {
        const batch = lots.filter((l) => l.memberId === memberId && l.expiresAt <= horizon);
        const points = batch.reduce((s, l) => s + l.remaining, 0);
        const member = members.get(memberId);
        // A small amount is not worth a message; it is looked at again as more lots come into the window.
        if (!member || points < this.deps.reminderMin) continue;
        const first = lastDayOf(batch[0].expiresAt, timezone);
        const lastDay = lastDayOf(batch[batch.length - 1].expiresAt, timezone);
        if (await this.enqueueReminder(member, points, first, lastDay, now)) {
          await repo.update({ id: In(batch.map((l) => l.id)) }, { remindedAt: now });
          sent++;
        }
      }
    }
    return sent;
  }

  private async enqueueReminder(member: Member, points: number, first: string, last: string, now: Date): Promise<boolean> {
    const t = this.deps.templates;
    const assistant = await this.deps.members.assistantOf(member);
    const today = storeDateKey(now, this.deps.timezone);
    const dueAt = new Date(Math.max(now.getTime(), storeInstant(today, REMINDER_TIME, this.deps.timezone).getTime()));
    const text = t.render(
      first === last ? 'loyalty.points.expiry_reminder' : 'loyalty.points.expiry_reminder_range',
      { name: MemberService.displayName(member), points, date: monthDay(first), last: monthDay(last), assistant: assistant?.name ?? '', hasAssistant: Boolean(assistant) },
      member.id,
    );
    try {
      // Keyed by the first expiry day: one reminder per batch of lots, whatever reruns happen.
      await this.deps.outbox.enqueue({ memberId: member.id, occasion: 'points_expiry', occasionDate: first, text, dueAt, assistantId: member.assistantId, meta: { points, expiresOn: first } });
      return true;
    } catch (err) {
      this.deps.log.warn({ memberId: member.id, err: (err as Error).message }, 'could not queue the points expiry reminder');
      return false;
    }
  }
}
