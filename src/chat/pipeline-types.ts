import type { MemberChatContext, MemberCommand, MemberIntent, StaffChatContext } from './commands';

export type HandledStatus = 'handled' | 'duplicate' | 'ignored';

export interface HandledEvent {
  messageId: string;
  contactId: string;
  /** The store account it came in on (left out for a message dropped before it was read). */
  account?: string;
  status: HandledStatus;
  replies: string[];
}

/**
 * Called when a new member is created from chat (first message or accepted friend request): the
 * welcome and the start of onboarding (the consent question); either can be left out.
 */
export type NewMemberHook = (ctx: MemberChatContext, opts?: { welcome?: boolean; askConsent?: boolean }) => Promise<void>;

/**
 * Called when a known member adds the store account again, or writes after being recorded as lost: the
 * welcome back (never onboarding again) for a member who had left.
 */
export type ReturningMemberHook = (ctx: MemberChatContext) => Promise<void>;

export interface MemberChatFeatures {
  commands: MemberCommand[];
  intents: MemberIntent[];
  onNewMember: NewMemberHook;
  onReturningMember: ReturningMemberHook;
}

export type AnyChatContext = MemberChatContext | StaffChatContext;
