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

export interface ChatChannel {
  state(): ChatState;
  isOnline(): boolean;
  /** Sends a text to a contact; throws ChatOfflineError when the account is not logged in. */
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

/**
 * Sends to people rather than contact ids, and logs what was sent (phone numbers and addresses masked
 * in the log). Module services (complaints, care, …) use this to reach members and staff.
 */
export interface ChatNotifier {
  /** false when the member has no chat identity or the account is offline; never throws for those. */
  toMember(memberId: number, text: string): Promise<boolean>;
  /** With `about`, staff who may not reach that member (another assistant) see phones and addresses masked. */
  toStaff(staffId: number, text: string, opts?: StaffNoticeOptions): Promise<boolean>;
  /** A room is seen by all staff: phones and addresses are always masked. */
  toRoom(roomId: string, text: string): Promise<boolean>;
  isOnline(): boolean;
}
