import { ChatAccountLease } from './accounts/chat-account-lease.entity';
import { DialogState } from './dialog-state.entity';

/**
 * Chat: the port module services talk through (ChatNotifier, ChatChannel), the Wechaty adapter, the
 * inbound pipeline and the persisted dialog engine. Members' and staff's own chat words live here too
 * (chat sits above members and staff); modules above chat contribute their words as ChatFeatures.
 */
export { ChannelChatNotifier, type NotFriendListener, type NotFriendRefusal } from './chat-notifier';
export { anyContextDialog, memberDialogs, type ChatFeatures } from './features';
export { peopleWords } from './people-words';
export { chatPersonalData } from './chat-personal-data';
export { FriendshipOutcomes } from './friendship-outcomes';
export { chatAdminRoutes } from './chat.routes';
export { CANCEL_WORDS, isCancelWord, isGreeting, matchCommand, type CommandMatch, type MemberChatContext, type MemberCommand, type MemberIntent, type StaffChatContext, type StaffCommand } from './commands';
export { DialogEngine, type ActiveDialog, type DialogData, type DialogDefinition, type DialogInput, type LoadResult, type StepOutcome } from './dialog-engine';
export { DialogState } from './dialog-state.entity';
export { kindLabel } from './kind-label';
export { ChatMessageHandler, MAX_TEXT_CHARS } from './message-handler';
export type { AnyChatContext, HandledEvent, HandledStatus, NewMemberHook, ReturningMemberHook } from './pipeline-types';
export { birthdayDialog, memberCommands, onboardingDialog, welcomeNewMember, type MemberChatDeps } from './member-words/member-words';
export {
  ChatContactUnknownError,
  ChatNotFriendError,
  ChatOfflineError,
  type ChatChannel,
  type ChatChannels,
  type ChatNotifier,
  type ChatState,
  type InboundFile,
  type InboundMessage,
  type MessageKind,
  type NotSentReason,
  type SendOutcome,
  type StaffNoticeOptions,
} from './ports';
export { CONSOLE_SIGN_IN_WORDS, consoleSignInCommand } from './staff-words/console-sign-in';
export { parseRelay, staffRelayCommand } from './staff-words/relay';
export type { PersonalTouchKind, PersonalTouches } from './personal-touches';
export { backoffMs, isNotFriendRefusal, kindOf, WechatyChannel, type ChannelHandlers, type IgnoredReason, type LoginQr, type WechatyChannelOptions } from './wechaty-channel';

export { ChatAccountLease } from './accounts/chat-account-lease.entity';
export { AccountLeaseKeeper, newInstanceId, type LeaseListener, type LeaseView } from './accounts/account-lease';
export { holdAccountsByLease, leaseChatAccounts, type AccountStarter } from './accounts/leased-chat';
export { CHAT_ACCOUNT_ID, DEFAULT_CHAT_ACCOUNT, type ChatAccountConfig } from './accounts/chat-accounts.config-schema';
export { buildChatAccounts, ChatAccounts, type AccountPuppet, type ChatAccountsOptions, type ChatAccountView } from './accounts/chat-accounts';
export { friendshipKey, inboundHandlers } from './accounts/inbound-handlers';

export const chatEntities = [DialogState, ChatAccountLease];
