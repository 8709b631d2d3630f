import type { MemberChatContext } from '../chat/commands';
import type { DialogDefinition, DialogEngine } from '../chat/dialog-engine';
import type { AnyChatContext } from '../chat/message-handler';
import type { CoreDeps, LaokeModule } from '../module';
import { birthdayDialog, memberCommands, onboardingDialog, welcomeNewMember, type MemberChatDeps } from './member-chat';

/** Members in chat: onboarding, birthday, profile, opt-out/in, asking for a person. */
export function membersModule(deps: CoreDeps): LaokeModule {
  const chatDeps: MemberChatDeps = {
    members: deps.members,
    templates: deps.templates,
    dialogs: deps.dialogs as unknown as DialogEngine<MemberChatContext>,
    storeName: deps.config.STORE_NAME,
    timezone: deps.config.STORE_TIMEZONE,
    forwardToAssistant: deps.forwardToAssistant,
  };
  const asAny = (d: DialogDefinition<MemberChatContext>) => d as unknown as DialogDefinition<AnyChatContext>;
  return {
    name: 'members',
    memberCommands: memberCommands(chatDeps),
    onNewMember: welcomeNewMember(chatDeps),
    dialogs: [asAny(onboardingDialog(chatDeps)), asAny(birthdayDialog(chatDeps))],
  };
}
