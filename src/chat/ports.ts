/**
 * The chat port: what module services may know of chat. Nothing here imports Wechaty, so rules are
 * tested without a puppet and the same code runs on the mock and on real WeChat.
 */

export type ChatState = 'starting' | 'waiting_login' | 'online' | 'offline' | 'restarting' | 'stopped';

export type MessageKind =
  | 'text'
  | 'image'
  | 'voice'
  | 'video'
  | 'sticker'
  | 'file'
  | 'link'
  | 'miniprogram'
  | 'contact_card'
  | 'location'
  | 'other';

export interface InboundFile {
  name: string;
  mediaType: string;
  base64: string;
}

/** A message from a WeChat contact, reduced to what the service needs. */
export interface InboundMessage {
  /** Puppet message id; the same id delivered twice is handled once. */
  id: string;
  /** The store account (CHAT_ACCOUNTS id) the message came in on: replies go out through it. */
  account: string;
  contactId: string;
  contactName: string;
  /** The remark (alias) the store account set on the contact, if any. */
  contactAlias: string | null;
  kind: MessageKind;
  text: string;
  sentAt: Date;
  /** Loads an attached image or file (for complaint photos); absent for text. */
  loadFile?: () => Promise<InboundFile>;
}

/** The store's chat accounts as the notifier and the inbound pipeline see them: one channel per account. */
export interface ChatChannels {
  /** Account ids in configured order; the first is the store's main account (group rooms, defaults). */
  ids(): readonly string[];
  /** The account's channel; null for an account that is not configured (any more). */
  channel(account: string): ChatChannel | null;
}

export interface ChatChannel {
  state(): ChatState;
  isOnline(): boolean;
  /**
   * Sends a text to a contact. Throws ChatOfflineError (not logged in) or ChatContactUnknownError only
   * before anything was handed to WeChat; any other error leaves unknown whether the text arrived.
   */
  sendText(contactId: string, text: string): Promise<void>;
  sendRoomText(roomId: string, text: string): Promise<void>;
  /** Sets the contact's remark (alias), best effort: some puppets cannot. */
  setRemark(contactId: string, remark: string): Promise<void>;
}

export class ChatOfflineError extends Error {
  constructor() {
    super('chat account is not logged in');
    this.name = 'ChatOfflineError';
  }
}

/**
 * WeChat refused the text because the contact is no longer a friend of the store account (they removed
 * it): nothing was delivered, and nothing will be until they add the store again.
 */
export class ChatNotFriendError extends Error {
  constructor() {
    super('contact is no longer a friend of the store account');
    this.name = 'ChatNotFriendError';
  }
}

/** The member a text to staff is about: a recipient who may not reach them gets phones and addresses masked. */
export interface StaffNoticeOptions {
  about?: { assistantId: number | null };
}

/** WeChat does not know the contact (or room) id: nothing was sent. */
export class ChatContactUnknownError extends Error {
  constructor() {
    super('chat contact not found');
    this.name = 'ChatContactUnknownError';
  }
}

/**
 * Why a text surely did not leave, so sending it again later is safe: the account was offline before
 * the call, the person has no chat contact, or WeChat does not know the contact.
 */
export type NotSentReason = 'offline' | 'no_contact' | 'contact_unknown' | 'not_friend';

/**
 * What became of one outbound text. `unknown`: the send failed after the text was handed to WeChat (a
 * timeout, a dropped connection), so the person may have it and it must never be repeated blindly.
 */
export type SendOutcome = { status: 'sent' } | { status: 'not_sent'; reason: NotSentReason } | { status: 'unknown' };

/**
 * Sends to people rather than contact ids, and logs what was sent (phone numbers and addresses masked
 * in the log). Module services (complaints, care, …) use this to reach members and staff. Nothing here
 * throws for a failed send.
 */
export interface ChatNotifier {
  /**
   * What became of a text to the member: the form for a caller that may send it again (the outbox).
   * Through the member's account (or `opts.account`, the account an outbox row was queued for).
   */
  sendToMember(memberId: number, text: string, opts?: { account?: string }): Promise<SendOutcome>;
  /**
   * true only when the text surely left; false when it did not or when that is unknown. For notices
   * nothing repeats automatically: a caller that would retry uses sendToMember.
   */
  toMember(memberId: number, text: string): Promise<boolean>;
  /**
   * As toMember: true only when surely sent. With `about`, staff who may not reach that member (another
   * assistant) see phones and addresses masked.
   */
  toStaff(staffId: number, text: string, opts?: StaffNoticeOptions): Promise<boolean>;
  /** As toMember: true only when surely sent. A room is seen by all staff: phones and addresses are always masked. */
  toRoom(roomId: string, text: string): Promise<boolean>;
  /** Whether that account (without one: any of the store's accounts) is logged in here. */
  isOnline(account?: string): boolean;
}
