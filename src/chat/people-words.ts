import type { MemberService, PhoneConflicts } from '../members';
import type { TemplateLibrary } from '../shared/templates';
import type { MemberChatContext } from './commands';
import type { DialogEngine } from './dialog-engine';
import { anyContextDialog, memberDialogs, type ChatFeatures } from './features';
import type { AnyChatContext, NewMemberHook } from './pipeline-types';
import { birthdayDialog, memberCommands, onboardingDialog, welcomeNewMember } from './member-words/member-words';
import type { PersonalTouches } from './personal-touches';
import type { ChatNotifier } from './ports';
import type { ConsoleSessions } from '../staff';
import { consoleSignInCommand } from './staff-words/console-sign-in';
import { staffRelayCommand } from './staff-words/relay';

/**
 * The chat words of the two modules chat sits on: members (onboarding, 生日, 资料, 退订/订阅, 人工) and
 * staff (`登录` for a console sign-in code, `#M… 内容`, answering a member through the store account).
 */
export function peopleWords(deps: {
  members: MemberService;
  templates: TemplateLibrary;
  notifier: ChatNotifier;
  dialogs: DialogEngine<AnyChatContext>;
  storeName: string;
  timezone: string;
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
  phoneConflicts: Pick<PhoneConflicts, 'tellAssistants'>;
  /** Relays counted as personal touches (VIP visit plan). */
  touches?: PersonalTouches;
  /** `登录`: one-time codes for the staff console, and where the console is. */
  consoleSignIn: { sessions: Pick<ConsoleSessions, 'issueCode'>; baseUrl: string; codeMinutes: number };
}): { members: ChatFeatures; staff: ChatFeatures; onNewMember: NewMemberHook } {
  const memberChat = {
    members: deps.members,
    templates: deps.templates,
    dialogs: memberDialogs(deps.dialogs),
    storeName: deps.storeName,
    timezone: deps.timezone,
    forwardToAssistant: deps.forwardToAssistant,
    phoneConflicts: deps.phoneConflicts,
  };
  return {
    members: { memberCommands: memberCommands(memberChat), dialogs: [anyContextDialog(onboardingDialog(memberChat)), anyContextDialog(birthdayDialog(memberChat))] },
    staff: {
      staffCommands: [
        consoleSignInCommand({ ...deps.consoleSignIn, templates: deps.templates }),
        staffRelayCommand({ members: deps.members, notifier: deps.notifier, templates: deps.templates, touches: deps.touches }),
      ],
    },
    onNewMember: welcomeNewMember(memberChat),
  };
}
