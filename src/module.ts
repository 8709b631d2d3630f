import type { DataSource } from 'typeorm';
import type { AnyChatContext, NewMemberHook } from './chat/message-handler';
import type { MemberChatContext, MemberCommand, MemberIntent, StaffCommand } from './chat/commands';
import type { DialogDefinition, DialogEngine } from './chat/dialog-engine';
import type { ChatChannel, ChatNotifier } from './chat/ports';
import type { Config } from './config';
import type { AuthState, RouteDef } from './http/route';
import type { JobDef } from './jobs/scheduler';
import type { MemberService } from './members/member.service';
import type { PersonalDataCipher } from './privacy/cipher';
import type { Clock } from './shared/clock';
import type { Logger } from './shared/logger';
import type { TemplateLibrary } from './shared/templates';
import type { StaffService } from './staff/staff.service';

/** What every business module is given by the composition root. */
export interface CoreDeps {
  config: Readonly<Config>;
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  cipher: PersonalDataCipher;
  members: MemberService;
  staff: StaffService;
  /** Reach members, staff and rooms in chat (logged, offline-safe). */
  notifier: ChatNotifier;
  channel: ChatChannel;
  dialogs: DialogEngine<AnyChatContext>;
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
  /** Other modules' public services, by module name, for modules that build on each other. */
  services: Record<string, unknown>;
}

/** A business module's contributions: routes, chat words, dialogs, jobs. */
export interface LaokeModule {
  name: string;
  /** Exposed to later modules through CoreDeps.services[name]. */
  service?: unknown;
  routes?: RouteDef[];
  memberCommands?: MemberCommand[];
  memberIntents?: MemberIntent[];
  staffCommands?: StaffCommand[];
  /** Dialogs take the member or staff context, depending on who they talk to. */
  dialogs?: DialogDefinition<AnyChatContext>[];
  jobs?: JobDef[];
  /** Greets a member created from chat and starts onboarding (the members module). */
  onNewMember?: NewMemberHook;
  /** Resolves a mini-program bearer token to the member (the module that owns member sessions). */
  memberSession?(token: string): Promise<AuthState>;
  stop?(): Promise<void>;
}

export type ModuleFactory = (deps: CoreDeps) => LaokeModule;
