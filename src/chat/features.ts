import type { MemberChatContext, MemberCommand, MemberIntent, StaffCommand } from './commands';
import type { DialogDefinition, DialogEngine } from './dialog-engine';
import type { AnyChatContext } from './pipeline-types';

/** What a module above chat adds to the bot: member words, intents, staff commands, dialogs. */
export interface ChatFeatures {
  memberCommands?: MemberCommand[];
  memberIntents?: MemberIntent[];
  staffCommands?: StaffCommand[];
  /** Dialogs take the member or staff context, depending on who they talk to. */
  dialogs?: DialogDefinition<AnyChatContext>[];
}

/** A dialog written for one kind of context, registered in the engine that serves both. */
export function anyContextDialog<C extends AnyChatContext>(d: DialogDefinition<C>): DialogDefinition<AnyChatContext> {
  // The engine hands each dialog the context of the subject that started it (member or staff).
  return d as unknown as DialogDefinition<AnyChatContext>;
}


/** The dialog engine as a module whose dialogs talk only to members sees it. */
export function memberDialogs(engine: DialogEngine<AnyChatContext>): DialogEngine<MemberChatContext> {
  // Member dialogs are started only for member subjects, so the engine hands them member contexts.
  return engine as unknown as DialogEngine<MemberChatContext>;
}
