import { IsNull, type DataSource } from 'typeorm';
import type { MemberChatContext, NotFriendRefusal, StaffNoticeOptions } from '../../chat';
import { ChatIdentity, Member, MemberService, type Lifecycle } from '../../members';
import { OutboxMessage } from '../../outbox';
import type { PurchaseService } from '../../purchases';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { formatStoreTime } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import { truncateChars } from '../../shared/text';
import type { StaffService } from '../../staff';
import { MemberLoss } from './member-loss.entity';
import { tierLabel, yuan } from './member-facts';

/** A member's open complaints (ticket numbers); complaints sits above loyalty, so the root passes it. */
export interface OpenComplaintsReader {
  openTicketsOf(memberId: number): Promise<string[]>;
}

export interface LostMembersDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  notifier: { toStaff(staffId: number, text: string, opts?: StaffNoticeOptions): Promise<boolean> };
  staff: Pick<StaffService, 'managers'>;
  members: Pick<MemberService, 'assistantOf'>;
  purchases: Pick<PurchaseService, 'summaryForMember' | 'listForMember'>;
  openComplaints: OpenComplaintsReader;
  /** Recomputes lifecycle and tier from purchases (a member back from lost). */
  refresh(memberIds: number[]): Promise<unknown>;
  timezone: string;
  storeName: string;
}

/**
 * Lost members (流失): a member whose contact refuses the store's texts (they removed the account) is
 * recorded as lost, their waiting messages are dropped, and their assistant and the managers hear at once
 * with what matters; a lost member who adds the store again is welcomed back and their lifecycle restored.
 */
export class LostMembersService {
  constructor(private readonly deps: LostMembersDeps) {}

  /** The chat notifier's not-friend outcome: the member behind the contact becomes lost (once). */
  async contactRefused(refusal: NotFriendRefusal): Promise<void> {
    const { ds } = this.deps;
    let memberId = refusal.memberId;
    if (memberId === null) {
      if (refusal.staffId !== null) return;
      memberId = (await ds.getRepository(ChatIdentity).findOneBy({ account: refusal.account, contactId: refusal.contactId }))?.memberId ?? null;
    }
    if (memberId === null) return;
    const member = await ds.getRepository(Member).findOneBy({ id: memberId });
    if (!member || member.erasedAt || member.lifecycle === 'lost') return;
    const now = this.deps.clock.now();
    const marked = await ds.transaction(async (em) => {
      // Conditional on the lifecycle read: two refusals at once record one loss.
      const moved = await em.update(Member, { id: member.id, lifecycle: member.lifecycle }, { lifecycle: 'lost', updatedAt: now });
      if ((moved.affected ?? 0) !== 1) return false;
      await em.insert(MemberLoss, { memberId: member.id, assistantId: member.assistantId, lifecycleBefore: member.lifecycle, lostAt: now, returnedAt: null });
      // Proactive messages stop: what waits for them is dropped now, not tried and failed one by one.
      await em
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ status: 'skipped', reason: 'lost', updatedAt: now })
        .where('memberId = :id AND status IN (:...waiting)', { id: member.id, waiting: ['draft', 'queued'] })
        .execute();
      return true;
    });
    if (!marked) return;
    this.deps.log.info({ memberId: member.id }, 'member lost: the contact removed the store account');
    await this.tellStaff(member, now);
  }

  private async tellStaff(member: Member, now: Date): Promise<void> {
    const { templates: t, timezone } = this.deps;
    const assistant = await this.deps.members.assistantOf(member);
    const summary = await this.deps.purchases.summaryForMember(member.id);
    const [last] = await this.deps.purchases.listForMember(member.id, { limit: 1 });
    const tickets = await this.deps.openComplaints.openTicketsOf(member.id);
    const text = t.render('loyalty.lost.staff_notice', {
      member: MemberService.displayName(member),
      code: member.code,
      assistant: assistant?.name ?? '',
      hasAssistant: Boolean(assistant),
      tier: tierLabel(t, member.tier),
      spend: yuan(summary.spend12mFen),
      lastPurchase: last ? t.render('loyalty.lost.last_purchase', { date: formatStoreTime(last.purchasedAt, timezone, 'YYYY-MM-DD'), items: truncateChars(last.items, 40), amount: yuan(last.amountFen) }) : t.render('loyalty.lost.no_purchase'),
      tickets: tickets.join('、'),
      hasTickets: tickets.length > 0,
      at: formatStoreTime(now, timezone, 'MM-DD HH:mm'),
    });
    const to = new Set<number>();
    if (assistant?.active) to.add(assistant.id);
    for (const m of await this.deps.staff.managers()) to.add(m.id);
    for (const id of to) await this.deps.notifier.toStaff(id, text, { about: member });
  }

  /** A lost member added the store again (or wrote to it): welcomed back, never onboarded again. */
  async welcomeBack(ctx: MemberChatContext): Promise<void> {
    const { ds, templates: t } = this.deps;
    const member = await ds.getRepository(Member).findOneBy({ id: ctx.member.id });
    if (!member || member.erasedAt) return;
    const now = this.deps.clock.now();
    let returned = false;
    if (member.lifecycle === 'lost') {
      const loss = await ds.getRepository(MemberLoss).findOne({ where: { memberId: member.id, returnedAt: IsNull() }, order: { id: 'DESC' } });
      const before = (loss?.lifecycleBefore ?? 'prospect') as Lifecycle;
      const moved = await ds.getRepository(Member).update({ id: member.id, lifecycle: 'lost' }, { lifecycle: before === 'lost' ? 'prospect' : before, updatedAt: now });
      returned = (moved.affected ?? 0) === 1;
      if (returned) {
        await ds.getRepository(MemberLoss).update({ memberId: member.id, returnedAt: IsNull() }, { returnedAt: now });
        await this.deps.refresh([member.id]);
        ctx.member.lifecycle = (await ds.getRepository(Member).findOneByOrFail({ id: member.id })).lifecycle;
      }
    }
    // Only a member recorded as lost is welcomed back: a repeated friend event of someone who never left says nothing.
    if (!returned) return;
    const assistant = await this.deps.members.assistantOf(member);
    const name = MemberService.displayName(member);
    await ctx.reply(t.render('loyalty.lost.welcome_back', { name, store: this.deps.storeName, assistant: assistant?.name ?? '', hasAssistant: Boolean(assistant) }, member.id));
    if (returned && assistant?.active) {
      await this.deps.notifier.toStaff(assistant.id, t.render('loyalty.lost.returned_notice', { member: name, code: member.code }), { about: member });
    }
  }
}
