import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { ChatMessage, type Member, MemberService } from '../members';
import { maskPersonalDataInText } from '../privacy';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import { normaliseInput, truncateChars } from '../shared/text';
import type { Staff, StaffService } from '../staff';
import { InboundClaims } from './accounts/inbound-claims';
import type { ChannelChatNotifier } from './chat-notifier';
import {
  isCancelWord,
  isGreeting,
  matchCommand,
  type MemberChatContext,
  type MemberCommand,
  type MemberIntent,
  type StaffChatContext,
  type StaffCommand,
} from './commands';
import type { DialogEngine } from './dialog-engine';
import { kindLabel } from './kind-label';
import type { ChatChannels, InboundMessage } from './ports';

/** Longest text the bot reads; longer messages are cut (and forwarded whole to the assistant). */
export const MAX_TEXT_CHARS = 2000;

type NewContact = { account: string; contactId: string; name: string; alias: string | null };
/** One contact's messages on one account are handled strictly in order. */
const queueKey = (c: { account: string; contactId: string }) => `${c.account}\u0000${c.contactId}`;

import type { AnyChatContext, HandledEvent, HandledStatus, MemberChatFeatures } from './pipeline-types';

/**
 * The inbound pipeline: dedupe, tell staff from members, resume dialogs, route chat words, and forward
 * anything else to the member's assistant. Messages from one contact are handled strictly in order.
 */
export class ChatMessageHandler {
  private readonly events = new EventEmitter();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;
  private memberFeatures: MemberChatFeatures = { commands: [], intents: [], onNewMember: async () => undefined, onReturningMember: async () => undefined };
  private staffCommands: StaffCommand[] = [];

  constructor(
    private readonly deps: {
      ds: DataSource;
      clock: Clock;
      log: Logger;
      templates: TemplateLibrary;
      members: MemberService;
      staff: StaffService;
      notifier: ChannelChatNotifier;
      channels: ChatChannels;
      dialogs: DialogEngine<AnyChatContext>;
      /** `instance#token` of this instance's lease on the account, for taking over messages a dead holder left. */
      holderTag?: (account: string) => string | null;
    },
  ) {
    this.events.setMaxListeners(1000);
    this.inbound = new InboundClaims(deps.ds, deps.holderTag);
  }

  private readonly inbound: InboundClaims;

  useMemberFeatures(features: Partial<MemberChatFeatures>): void {
    this.memberFeatures = {
      commands: [...this.memberFeatures.commands, ...(features.commands ?? [])],
      intents: [...this.memberFeatures.intents, ...(features.intents ?? [])],
      onNewMember: features.onNewMember ?? this.memberFeatures.onNewMember,
      onReturningMember: features.onReturningMember ?? this.memberFeatures.onReturningMember,
    };
  }

  useStaffCommands(commands: StaffCommand[]): void {
    this.staffCommands.push(...commands);
  }

  onHandled(listener: (e: HandledEvent) => void): () => void {
    this.events.on('handled', listener);
    return () => this.events.off('handled', listener);
  }

  /** Stop taking new messages (shutdown); `drain` waits for those in flight. */
  stopAccepting(): void {
    this.accepting = false;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Entry point from the channel. Never throws: one bad message must not stop the bot. */
  receive(msg: InboundMessage): Promise<void> {
    if (!this.accepting) {
      // Shutting down: not recorded, so a puppet that delivers it again after the restart gets an answer.
      this.deps.log.info({ messageId: msg.id }, 'message arrived during shutdown; not handled');
      return Promise.resolve();
    }
    return this.enqueue(queueKey(msg), () => this.process(msg));
  }

  private enqueue(contactId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(contactId) ?? Promise.resolve();
    // A failure of the previous item must not skip this one.
    const run = previous.catch(() => undefined).then(work);
    const tracked = run.finally(() => {
      this.inFlight.delete(tracked);
      if (this.queues.get(contactId) === tracked) this.queues.delete(contactId);
    });
    this.inFlight.add(tracked);
    this.queues.set(contactId, tracked);
    return tracked;
  }

  /** A message the channel dropped on purpose: recorded for listeners (the simulator) as handled with no reply. */
  ignored(messageId: string, contactId: string, account?: string): void {
    this.events.emit('handled', { messageId, contactId, account, status: 'ignored', replies: [] } satisfies HandledEvent);
  }

  /**
   * A friend request was accepted: the new contact gets the welcome at once. Queued with the contact's
   * messages, so a first message arriving at the same moment cannot create a second member or welcome.
   */
  welcomeNewContact(contact: NewContact): Promise<void> {
    return this.enqueue(queueKey(contact), () => this.welcomeContact(contact));
  }

  private async welcomeContact(contact: NewContact): Promise<void> {
    // A former colleague who adds the store account again is not a new customer.
    if (await this.deps.staff.findFormerByContact(contact.contactId)) return;
    const resolved = await this.deps.members.resolveChatMember(contact);
    if (!resolved.isNew) {
      // Someone we know added the store account again: welcomed back, not onboarded again.
      await this.memberFeatures.onReturningMember(this.memberContext(resolved.member, this.syntheticMessage(contact), []));
      return;
    }
    const replies: string[] = [];
    const ctx = this.memberContext(resolved.member, this.syntheticMessage(contact), replies);
    await this.setRemark(contact.account, contact.contactId, resolved.member.code);
    await this.memberFeatures.onNewMember(ctx);
  }

  private syntheticMessage(contact: NewContact): InboundMessage {
    return { id: `friend:${contact.account}:${contact.contactId}`, account: contact.account, contactId: contact.contactId, contactName: contact.name, contactAlias: contact.alias, kind: 'text', text: '', sentAt: this.deps.clock.now() };
  }

  private async process(msg: InboundMessage): Promise<void> {
    const replies: string[] = [];
    let status: HandledStatus = 'handled';
    const startedAt = Date.now();
    try {
      status = await this.route(msg, replies);
    } catch (err) {
      this.deps.log.error({ err, messageId: msg.id }, 'chat message handling failed');
      try {
        await this.deps.notifier.toContact(msg.contactId, this.deps.templates.render('failure.handling'), { account: msg.account });
      } catch {
        // Nothing more to do: the failure is logged.
      }
    } finally {
      if (status !== 'duplicate') await this.inbound.finish(msg.id, this.deps.clock.now()).catch(() => undefined);
      // What happened, never what was said: lengths only (privacy rule).
      this.deps.log.info(
        { messageId: msg.id, contactId: msg.contactId, kind: msg.kind, chars: msg.kind === 'text' ? Array.from(msg.text).length : 0, status, replies: replies.length, ms: Date.now() - startedAt },
        'chat message handled',
      );
      this.events.emit('handled', { messageId: msg.id, contactId: msg.contactId, account: msg.account, status, replies } satisfies HandledEvent);
    }
  }

  private async route(msg: InboundMessage, replies: string[]): Promise<HandledStatus> {
    const { ds, clock } = this.deps;
    const { active: staff, former } = await this.deps.staff.byContact(msg.contactId);
    // A known customer's message is recorded with its member at once (no second write to the log);
    // reading is all this does, so a redelivered message still changes nothing.
    const known = staff || former ? null : await this.deps.members.findChatMember(msg.account, msg.contactId);
    const fullText = msg.kind === 'text' ? normaliseInput(msg.text) : '';
    const chars = Array.from(fullText);
    const truncated = chars.length > MAX_TEXT_CHARS;
    const text = truncated ? chars.slice(0, MAX_TEXT_CHARS).join('') : fullText;

    // Record first: the unique external id makes a redelivered message a no-op (unless its holder died mid-answer).
    const fresh = await this.inbound.record({
      direction: 'in',
      account: msg.account,
      contactId: msg.contactId,
      memberId: known?.member.id ?? null,
      staffId: (staff ?? former)?.id ?? null,
      externalId: msg.id,
      kind: msg.kind,
      // The log keeps phone numbers and addresses masked; a number given in onboarding or 资料 is kept
      // in full only encrypted in the member record.
      text: msg.kind === 'text' ? maskPersonalDataInText(Array.from(msg.text).slice(0, 8000).join('')) : null,
      createdAt: clock.now(),
    });
    if (!fresh) {
      this.deps.log.info({ messageId: msg.id }, 'duplicate delivery ignored');
      return 'duplicate';
    }

    if (staff) {
      // Notices to a staff member go through the account they last wrote to.
      if (staff.chatAccount !== msg.account) await this.deps.staff.noteChatAccount(staff, msg.account);
      await this.routeStaff(staff, msg, text, replies);
      return 'handled';
    }
    if (former) {
      // A deactivated account: no staff commands any more, and not a customer either (never made a
      // member, nothing forwarded as a customer's message, no member survey).
      const closed = this.deps.templates.render('staff.account_closed', { name: former.name });
      replies.push(closed);
      await this.deps.notifier.toContact(msg.contactId, closed, { staffId: former.id, account: msg.account });
      return 'handled';
    }

    const resolved = await this.deps.members.resolveChatMember({ account: msg.account, contactId: msg.contactId, name: msg.contactName, alias: msg.contactAlias }, known);
    const member = resolved.member;
    if (!known) await ds.getRepository(ChatMessage).update({ externalId: msg.id }, { memberId: member.id });
    await this.deps.members.touchContact(member.id, member);
    if (resolved.isNew || resolved.relinked || msg.contactAlias?.toUpperCase() !== member.code) {
      await this.setRemark(msg.account, msg.contactId, member.code);
    }
    const ctx = this.memberContext(member, msg, replies, text);
    // A member recorded as lost who writes again is a friend again.
    if (member.lifecycle === 'lost') await this.memberFeatures.onReturningMember(ctx);
    if (resolved.isNew) {
      // A first message that asks for something (投诉, a question) is answered too, not swallowed
      // by the welcome; onboarding then starts unless that opened a dialog of its own.
      if (msg.kind !== 'text' || isGreeting(text)) {
        await this.memberFeatures.onNewMember(ctx);
        return 'handled';
      }
      await this.memberFeatures.onNewMember(ctx, { askConsent: false });
      await this.routeMember(ctx, truncated, fullText);
      if ((await this.deps.dialogs.load(ctx.subjectKey)).state === 'none') {
        await this.memberFeatures.onNewMember(ctx, { welcome: false });
      }
      return 'handled';
    }
    await this.routeMember(ctx, truncated, fullText);
    return 'handled';
  }

  private memberContext(member: Member, message: InboundMessage, replies: string[], text = ''): MemberChatContext {
    return {
      member,
      message,
      text,
      subjectKey: `member:${member.id}`,
      now: this.deps.clock.now(),
      reply: async (t: string) => {
        replies.push(t);
        await this.deps.notifier.toContact(message.contactId, t, { memberId: member.id, account: message.account });
      },
    };
  }

  private async setRemark(account: string, contactId: string, code: string): Promise<void> {
    try {
      await this.deps.channels.channel(account)?.setRemark(contactId, code);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'could not set contact remark');
    }
  }

  private async routeMember(ctx: MemberChatContext, truncated: boolean, fullText: string): Promise<void> {
    const { templates, dialogs } = this.deps;
    const isText = ctx.message.kind === 'text';
    let loaded = await dialogs.load(ctx.subjectKey);
    if (loaded.state === 'expired') {
      const def = dialogs.definition(loaded.dialog);
      await ctx.reply(def?.expiredText?.(loaded.data) ?? templates.render('dialog.expired'));
      loaded = { state: 'none' };
    }
    const active = loaded.state === 'active' ? loaded.active : null;
    if (isText && ctx.text === '') {
      // Nothing to read: say so, and in a dialog ask its question again.
      await ctx.reply(templates.render('input.empty'));
      if (active) await this.reprompt(ctx, active.dialog, active.step, active.data);
      return;
    }

    if (active && isText && isCancelWord(ctx.text)) {
      await dialogs.end(ctx.subjectKey);
      await ctx.reply(templates.render('dialog.cancelled'));
      return;
    }
    const command = isText ? matchCommand(ctx.text, this.memberFeatures.commands) : null;
    if (command) {
      await command.command.run(ctx, command.args);
      if (!active) return;
      // The command interrupted a dialog that is still open: ask its question again.
      const after = await dialogs.load(ctx.subjectKey);
      if (after.state === 'active' && after.active.dialog === active.dialog && after.active.step === active.step) {
        await this.reprompt(ctx, after.active.dialog, after.active.step, after.active.data);
      }
      return;
    }
    if (active) {
      const def = dialogs.definition(active.dialog);
      if (!isText && !def?.acceptsNonText?.(active.step)) {
        // One message answers one message: the request for words and the open question together.
        const prompt = await this.promptOf(ctx, active.dialog, active.step, active.data);
        const again = prompt ? `\n${templates.render('dialog.reprompt', { prompt })}` : '';
        await ctx.reply(`${templates.render('input.please_type')}${again}`);
        return;
      }
      await dialogs.advance(ctx.subjectKey, active, { message: ctx.message, text: ctx.text }, ctx);
      return;
    }
    if (isText) {
      const intent = this.memberFeatures.intents.find((i) => i.matches(ctx.text));
      if (intent) {
        await intent.run(ctx);
        return;
      }
    }
    if (!isText) {
      // A sticker carries a mood, not a request: ask for words instead of paging the assistant.
      if (ctx.message.kind === 'sticker' || ctx.message.kind === 'other') return ctx.reply(templates.render('input.please_type'));
      // A voice message, a photo, a file: the assistant hears of it; one reply says so and asks for words.
      const kind = kindLabel(ctx.message.kind);
      const assistant = await this.handToAssistant(ctx, `[${kind}]`, 'message');
      return ctx.reply(templates.render(assistant ? 'input.nontext_forwarded' : 'input.nontext_forwarded_no_assistant', { kind, assistant: assistant?.name }));
    }
    await this.forwardToAssistant(ctx, fullText, 'message');
    if (truncated) await ctx.reply(templates.render('input.too_long'));
  }

  private async promptOf(ctx: AnyChatContext, dialog: string, step: string, data: Record<string, unknown>): Promise<string | null> {
    const def = this.deps.dialogs.definition(dialog);
    return def ? ((await def.prompt(step, data, ctx)) ?? null) : null;
  }

  private async reprompt(ctx: AnyChatContext, dialog: string, step: string, data: Record<string, unknown>): Promise<void> {
    const prompt = await this.promptOf(ctx, dialog, step, data);
    if (prompt) await ctx.reply(this.deps.templates.render('dialog.reprompt', { prompt }));
  }

  /** Passes a member's message to their assistant in chat; the assistant, if the member has one. */
  private async handToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<{ name: string } | null> {
    const { templates, members, notifier } = this.deps;
    const member = ctx.member;
    const assistant = await members.assistantOf(member);
    const vars = { member: MemberService.displayName(member), code: member.code, text: truncateChars(text, 1500) };
    const delivered = assistant
      ? await notifier.toStaff(assistant.id, templates.render(reason === 'human' ? 'forward.to_assistant_human' : 'forward.to_assistant', vars), { about: member })
      : false;
    if (!delivered) this.deps.log.info({ memberId: member.id }, 'forward: assistant not reachable in chat; kept in the message log');
    return assistant;
  }

  /** Hands a member's message (or a request for a person) to their assistant, and tells the member. */
  async forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void> {
    const { templates } = this.deps;
    const assistant = await this.handToAssistant(ctx, text, reason);
    const told = reason === 'human' ? 'forward.human_requested' : 'forward.told_member';
    await ctx.reply(assistant ? templates.render(told, { assistant: assistant.name }) : templates.render('forward.told_member_no_assistant'));
  }

  private async routeStaff(staff: Staff, msg: InboundMessage, text: string, replies: string[]): Promise<void> {
    const ctx: StaffChatContext = {
      staff,
      message: msg,
      text,
      subjectKey: `staff:${staff.id}`,
      now: this.deps.clock.now(),
      reply: async (t: string, opts?: { logged?: string }) => {
        replies.push(t);
        await this.deps.notifier.toContact(msg.contactId, t, { staffId: staff.id, loggedText: opts?.logged, account: msg.account });
      },
    };
    const loaded = await this.deps.dialogs.load(ctx.subjectKey);
    if (loaded.state === 'active' && msg.kind === 'text' && isCancelWord(text)) {
      await this.deps.dialogs.end(ctx.subjectKey);
      await ctx.reply(this.deps.templates.render('dialog.cancelled'));
      return;
    }
    for (const command of this.staffCommands) {
      if (await command.tryRun(ctx)) return;
    }
    if (loaded.state === 'active') {
      await this.deps.dialogs.advance(ctx.subjectKey, loaded.active, { message: msg, text }, ctx);
      return;
    }
    await ctx.reply(this.deps.templates.render('staff.help'));
  }
}
