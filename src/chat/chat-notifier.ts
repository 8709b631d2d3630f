import type { DataSource } from 'typeorm';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { ChatIdentity, ChatMessage } from '../members';
import { maskPersonalDataInText } from '../privacy';
import { canReachMember, Staff } from '../staff';
import { ChatNotFriendError, ChatOfflineError, type ChatChannel, type ChatNotifier, type StaffNoticeOptions } from './ports';

/** A send WeChat refused because the contact removed the store account: who it was for, when known. */
export interface NotFriendRefusal {
  contactId: string;
  memberId: number | null;
  staffId: number | null;
}

export type NotFriendListener = (refusal: NotFriendRefusal) => Promise<void>;

/**
 * ChatNotifier over a ChatChannel: resolves people to contacts and writes the outbound log. The log keeps
 * texts with phone numbers and addresses masked: the full values live only encrypted in the member record.
 */
export class ChannelChatNotifier implements ChatNotifier {
  constructor(
    private readonly ds: DataSource,
    private readonly channel: ChatChannel,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  private readonly notFriendListeners: NotFriendListener[] = [];

  /** Told (and awaited) when a send is refused because the contact is no longer a friend (loyalty: lost members). */
  whenNotFriend(listener: NotFriendListener): void {
    this.notFriendListeners.push(listener);
  }

  isOnline(): boolean {
    return this.channel.isOnline();
  }

  /** Sends to a contact and logs it; the building block of every outbound chat message. */
  async toContact(contactId: string, text: string, who: { memberId?: number | null; staffId?: number | null } = {}): Promise<boolean> {
    try {
      await this.channel.sendText(contactId, text);
    } catch (err) {
      if (err instanceof ChatOfflineError) return false;
      // A distinct outcome: not a fault to retry, the contact removed the store account.
      if (err instanceof ChatNotFriendError) {
        await this.refusedAsNotFriend({ contactId, memberId: who.memberId ?? null, staffId: who.staffId ?? null });
        return false;
      }
      this.log.warn({ err: (err as Error).message, contactId }, 'chat send failed');
      return false;
    }
    this.log.debug({ contactId, chars: Array.from(text).length }, 'chat message sent');
    await this.ds.getRepository(ChatMessage).insert({
      direction: 'out',
      contactId,
      memberId: who.memberId ?? null,
      staffId: who.staffId ?? null,
      externalId: null,
      kind: 'text',
      text: maskPersonalDataInText(text),
      createdAt: this.clock.now(),
    });
    return true;
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

  async toMember(memberId: number, text: string): Promise<boolean> {
    // The most recently seen contact of the member: ids can change between logins.
    const identity = await this.ds.getRepository(ChatIdentity).findOne({
      where: { memberId },
      order: { lastSeenAt: 'DESC', id: 'DESC' },
    });
    if (!identity) return false;
    return this.toContact(identity.contactId, text, { memberId });
  }

  async toStaff(staffId: number, text: string, opts: StaffNoticeOptions = {}): Promise<boolean> {
    const staff = await this.ds.getRepository(Staff).findOneBy({ id: staffId });
    if (!staff?.wechatContactId || !staff.active) return false;
    // The member's own assistant and managers may see what the member typed; anyone else sees it masked.
    const shown = opts.about && !canReachMember(staff, opts.about) ? maskPersonalDataInText(text) : text;
    return this.toContact(staff.wechatContactId, shown, { staffId });
  }

  async toRoom(roomId: string, roomText: string): Promise<boolean> {
    const text = maskPersonalDataInText(roomText);
    try {
      await this.channel.sendRoomText(roomId, text);
    } catch (err) {
      if (!(err instanceof ChatOfflineError)) this.log.warn({ err: (err as Error).message }, 'room send failed');
      return false;
    }
    await this.ds.getRepository(ChatMessage).insert({
      direction: 'out',
      contactId: roomId,
      memberId: null,
      staffId: null,
      externalId: null,
      kind: 'text',
      text,
      createdAt: this.clock.now(),
    });
    return true;
  }
}
