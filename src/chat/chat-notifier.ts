import type { DataSource } from 'typeorm';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { ChatIdentity, insertChatMessage, Member } from '../members';
import { maskPersonalDataInText } from '../privacy';
import { canReachMember, Staff } from '../staff';
import {
  ChatContactUnknownError,
  ChatNotFriendError,
  ChatOfflineError,
  type ChatChannel,
  type ChatChannels,
  type ChatNotifier,
  type SendOutcome,
  type StaffNoticeOptions,
} from './ports';
import type { LeaseView } from './accounts/account-lease';

type Who = {
  /** The store account to send through; the first account when left out (or no longer configured). */
  account?: string;
  memberId?: number | null;
  staffId?: number | null;
  /** What the message log keeps instead of the text, when the text holds a secret (a sign-in code). */
  loggedText?: string;
};

const SENT: SendOutcome = { status: 'sent' };
const NO_CONTACT: SendOutcome = { status: 'not_sent', reason: 'no_contact' };
const OFFLINE: SendOutcome = { status: 'not_sent', reason: 'offline' };

/** A send WeChat refused because the contact removed the store account: who it was for, when known. */
export interface NotFriendRefusal {
  account: string;
  contactId: string;
  memberId: number | null;
  staffId: number | null;
}

export type NotFriendListener = (refusal: NotFriendRefusal) => Promise<void>;

/**
 * ChatNotifier over the store's chat accounts: resolves people to contacts (and the account they are
 * friends with) and writes the outbound log. The log keeps texts with phone numbers and addresses
 * masked: the full values live only encrypted in the member record.
 */
export class ChannelChatNotifier implements ChatNotifier {
  constructor(
    private readonly ds: DataSource,
    private readonly channels: ChatChannels,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** This instance's chat leases: no send from an account unless this instance surely holds it. */
    private readonly lease?: Pick<LeaseView, 'confirm'>,
  ) {}

  /**
   * The account a send goes through: the one named if configured, else the first. Rows written before
   * CHAT_ACCOUNTS (account `store`) keep working after the store names its accounts differently.
   */
  accountFor(account: string | undefined): string {
    const ids = this.channels.ids();
    return account !== undefined && ids.includes(account) ? account : ids[0];
  }

  private channelOf(account: string | undefined): ChatChannel {
    return this.channels.channel(this.accountFor(account))!;
  }

  private readonly notFriendListeners: NotFriendListener[] = [];

  /** Told (and awaited) when a send is refused because the contact is no longer a friend (loyalty: lost members). */
  whenNotFriend(listener: NotFriendListener): void {
    this.notFriendListeners.push(listener);
  }

  isOnline(account?: string): boolean {
    if (account !== undefined) return Boolean(this.channels.channel(account)?.isOnline());
    return this.channels.ids().some((id) => this.channels.channel(id)?.isOnline());
  }

  /** False once this instance's lease on the account may have lapsed and could not be renewed (see LeaseView). */
  private async mayHold(account: string): Promise<boolean> {
    return !this.lease || (await this.lease.confirm(account)) !== null;
  }

  /** Sends to a contact through `who.account` and logs it; the building block of every outbound chat message. */
  async sendToContact(contactId: string, text: string, who: Who = {}): Promise<SendOutcome> {
    const account = this.accountFor(who.account);
    const outcome = await this.attempt(() => this.channelOf(account).sendText(contactId, text), { contactId, account });
    // A distinct outcome: not a fault to retry, the contact removed the store account.
    if (outcome.status === 'not_sent' && outcome.reason === 'not_friend') {
      await this.refusedAsNotFriend({ account, contactId, memberId: who.memberId ?? null, staffId: who.staffId ?? null });
    }
    if (outcome.status !== 'sent') return outcome;
    this.log.debug({ contactId, chars: Array.from(text).length }, 'chat message sent');
    await this.logOutbound(contactId, text, { ...who, account });
    return outcome;
  }

  /** true only when the text surely left (see ChatNotifier). */
  async toContact(contactId: string, text: string, who: Who = {}): Promise<boolean> {
    return (await this.sendToContact(contactId, text, who)).status === 'sent';
  }

  private async refusedAsNotFriend(refusal: NotFriendRefusal): Promise<void> {
    this.log.info({ contactId: refusal.contactId, memberId: refusal.memberId }, 'chat send refused: the contact is no longer a friend');
    for (const listener of this.notFriendListeners) {
      try {
        await listener(refusal);
      } catch (err) {
        this.log.error({ err: (err as Error).message }, 'not-friend listener failed');
      }
    }
  }

  async sendToMember(memberId: number, text: string, opts: { account?: string } = {}): Promise<SendOutcome> {
    // The member's contact on the account asked for (an outbox row's), else on the account they were last
    // seen on, else the most recently seen one: ids can change between logins.
    const qb = this.ds
      .getRepository(ChatIdentity)
      .createQueryBuilder('i')
      .leftJoin(Member, 'm', 'm.id = i.memberId')
      .where('i.memberId = :memberId', { memberId });
    if (opts.account !== undefined) qb.orderBy('CASE WHEN i.account = :wanted THEN 0 ELSE 1 END', 'ASC').setParameter('wanted', opts.account);
    const identity = await qb
      .addOrderBy('CASE WHEN i.account = m.chatAccount THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('i.lastSeenAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .getOne();
    if (!identity) return NO_CONTACT;
    return this.sendToContact(identity.contactId, text, { memberId, account: identity.account });
  }

  async toMember(memberId: number, text: string): Promise<boolean> {
    return (await this.sendToMember(memberId, text)).status === 'sent';
  }

  async toStaff(staffId: number, text: string, opts: StaffNoticeOptions = {}): Promise<boolean> {
    const staff = await this.ds.getRepository(Staff).findOneBy({ id: staffId });
    if (!staff?.wechatContactId || !staff.active) return false;
    // The member's own assistant and managers may see what the member typed; anyone else sees it masked.
    const shown = opts.about && !canReachMember(staff, opts.about) ? maskPersonalDataInText(text) : text;
    return this.toContact(staff.wechatContactId, shown, { staffId, account: staff.chatAccount });
  }

  /** Group rooms are the first account's: it is the one in the staff group. */
  async toRoom(roomId: string, roomText: string): Promise<boolean> {
    const text = maskPersonalDataInText(roomText);
    const outcome = await this.attempt(() => this.channelOf(undefined).sendRoomText(roomId, text), { room: true });
    if (outcome.status !== 'sent') return false;
    await this.logOutbound(roomId, text, { account: this.accountFor(undefined) });
    return true;
  }

  /**
   * Runs one send and says what became of it: only the channel's errors raised before anything was
   * handed over mean "not sent"; any other failure may have come after the text left.
   */
  private async attempt(send: () => Promise<void>, where: { contactId?: string; account?: string; room?: boolean }): Promise<SendOutcome> {
    // Fencing: another instance may hold the account by now; nothing is handed over, so "not sent" is sure.
    if (!(await this.mayHold(where.account ?? this.accountFor(undefined)))) {
      this.log.warn(where, 'chat send refused: this instance does not hold the chat account');
      return OFFLINE;
    }
    try {
      await send();
      return SENT;
    } catch (err) {
      if (err instanceof ChatOfflineError) return { status: 'not_sent', reason: 'offline' };
      // WeChat refused it outright: the contact removed the store account; nothing was delivered.
      if (err instanceof ChatNotFriendError) return { status: 'not_sent', reason: 'not_friend' };
      if (err instanceof ChatContactUnknownError) {
        this.log.warn(where, 'chat send: contact unknown to WeChat; nothing sent');
        return { status: 'not_sent', reason: 'contact_unknown' };
      }
      this.log.warn({ err: (err as Error).message, ...where }, 'chat send failed after the text was handed over: outcome unknown');
      return { status: 'unknown' };
    }
  }

  private async logOutbound(contactId: string, text: string, who: Who): Promise<void> {
    await insertChatMessage(this.ds, {
      direction: 'out',
      account: this.accountFor(who.account),
      contactId,
      memberId: who.memberId ?? null,
      staffId: who.staffId ?? null,
      externalId: null,
      kind: 'text',
      text: maskPersonalDataInText(who.loggedText ?? text),
      createdAt: this.clock.now(),
    });
  }
}
