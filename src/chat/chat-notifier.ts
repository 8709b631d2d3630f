import type { DataSource } from 'typeorm';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { ChatIdentity, ChatMessage } from '../members';
import { maskPersonalDataInText } from '../privacy';
import { canReachMember, Staff } from '../staff';
import { ChatOfflineError, type ChatChannel, type ChatNotifier, type StaffNoticeOptions } from './ports';

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

  isOnline(): boolean {
    return this.channel.isOnline();
  }

  /** Sends to a contact and logs it; the building block of every outbound chat message. */
  async toContact(contactId: string, text: string, who: { memberId?: number | null; staffId?: number | null } = {}): Promise<boolean> {
    try {
      await this.channel.sendText(contactId, text);
    } catch (err) {
      if (err instanceof ChatOfflineError) return false;
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
