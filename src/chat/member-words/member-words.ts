import { formatBirthday, MemberService, parseBirthday, parseName, parsePhone, type PhoneConflicts } from '../../members';
import { maskPhone } from '../../privacy';
import { storeDate } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { MemberChatContext, MemberCommand } from '../commands';
import type { DialogDefinition, DialogEngine, StepOutcome } from '../dialog-engine';

export interface MemberChatDeps {
  members: MemberService;
  templates: TemplateLibrary;
  dialogs: DialogEngine<MemberChatContext>;
  storeName: string;
  timezone: string;
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
  /** A phone another member has: their assistants are told who is involved. */
  phoneConflicts: Pick<PhoneConflicts, 'tellAssistants'>;
}

const YES = /^(1|是|好|好的|可以|同意|行|嗯|ok|yes|y)$/i;
const NO = /^(2|不|不用|不要|暂时不用|不同意|否|no|n)$/i;

/** Onboarding: consent → name → phone. Asks only for what DOMAIN.md allows at first contact. */
export function onboardingDialog(deps: MemberChatDeps): DialogDefinition<MemberChatContext> {
  const t = deps.templates;
  return {
    name: 'onboarding',
    prompt(step, data) {
      if (step === 'consent') return t.render('onboarding.ask_consent');
      if (step === 'name') return t.render('onboarding.ask_name');
      return t.render('onboarding.ask_phone', { name: String(data.name ?? '') });
    },
    async handle(step, data, input, ctx): Promise<StepOutcome> {
      if (step === 'consent') {
        if (YES.test(input.text)) {
          await ctx.reply(t.render('onboarding.ask_name'));
          return { goto: 'name', data: { consentAt: ctx.now.toISOString() } };
        }
        if (NO.test(input.text)) {
          await ctx.reply(t.render('onboarding.declined'));
          return { end: true };
        }
        await ctx.reply(t.render('onboarding.consent_unclear'));
        return { goto: 'consent', data };
      }
      if (step === 'name') {
        const name = parseName(input.text);
        if (!name.ok) {
          await ctx.reply(t.render(name.reason));
          return { goto: 'name', data };
        }
        await ctx.reply(t.render('onboarding.ask_phone', { name: name.value }));
        return { goto: 'phone', data: { ...data, name: name.value } };
      }
      const phone = parsePhone(input.text);
      if (!phone.ok) {
        await ctx.reply(t.render(phone.reason));
        return { goto: 'phone', data };
      }
      const name = String(data.name);
      const saved = await deps.members.saveContactDetails(ctx.member.id, {
        name,
        phone: phone.value,
        consentStatement: t.render('onboarding.consent_statement', { store: deps.storeName }),
        channel: 'chat',
      });
      if (saved.phoneTakenBy.length) {
        // Someone else has this number: not saved; the member is told kindly, both assistants clearly.
        await deps.phoneConflicts.tellAssistants({ ...ctx.member, name }, phone.value, saved.phoneTakenBy, 'chat');
        const assistant = await deps.members.assistantOf(ctx.member);
        await ctx.reply(
          assistant
            ? t.render('members.duplicates.chat_phone_taken', { name, assistant: assistant.name })
            : t.render('members.duplicates.chat_phone_taken_no_assistant', { name }),
        );
        return { end: true };
      }
      await ctx.reply(t.render('onboarding.done', { name, phone: maskPhone(phone.value) }));
      return { end: true };
    },
  };
}

/** 生日: asks for a birthday, solar or lunar, only when the member offers it. */
export function birthdayDialog(deps: MemberChatDeps): DialogDefinition<MemberChatContext> {
  const t = deps.templates;
  return {
    name: 'birthday',
    prompt: () => t.render('birthday.ask'),
    async handle(_step, _data, input, ctx): Promise<StepOutcome> {
      return (await saveBirthdayFrom(deps, ctx, input.text)) ? { end: true } : { goto: 'date' };
    },
  };
}

async function saveBirthdayFrom(deps: MemberChatDeps, ctx: MemberChatContext, text: string): Promise<boolean> {
  const parsed = parseBirthday(text, storeDate(ctx.now, deps.timezone));
  if (!parsed.ok) {
    await ctx.reply(deps.templates.render(parsed.reason));
    return false;
  }
  await deps.members.saveBirthday(ctx.member.id, parsed.value, deps.templates.render('birthday.consent_statement', { store: deps.storeName }));
  await ctx.reply(deps.templates.render('birthday.saved', { birthday: formatBirthday(parsed.value) }));
  return true;
}

export function memberCommands(deps: MemberChatDeps): MemberCommand[] {
  const t = deps.templates;
  return [
    {
      name: 'profile',
      words: ['资料', '我的资料', 'profile'],
      async run(ctx, args) {
        if (/^(修改|更新|重填|edit)$/i.test(args)) {
          const consent = await deps.members.latestConsent(ctx.member.id, 'profile');
          await deps.dialogs.start(ctx.subjectKey, 'onboarding', consent ? 'name' : 'consent');
          await ctx.reply(consent ? t.render('onboarding.ask_name') : t.render('onboarding.ask_consent'));
          return;
        }
        await ctx.reply(await renderProfile(deps, ctx));
      },
    },
    {
      name: 'birthday',
      words: ['生日', 'birthday'],
      async run(ctx, args) {
        if (args && (await saveBirthdayFrom(deps, ctx, args))) return;
        await deps.dialogs.start(ctx.subjectKey, 'birthday', 'date');
        if (!args) await ctx.reply(t.render('birthday.ask'));
      },
    },
    {
      name: 'opt_out',
      words: ['退订', 'unsubscribe', 'td'],
      async run(ctx) {
        const changed = await deps.members.setOptOut(ctx.member.id, true);
        await ctx.reply(t.render(changed ? 'subscription.opted_out' : 'subscription.already_out'));
      },
    },
    {
      name: 'opt_in',
      words: ['订阅', 'subscribe'],
      async run(ctx) {
        const changed = await deps.members.setOptOut(ctx.member.id, false);
        await ctx.reply(t.render(changed ? 'subscription.opted_in' : 'subscription.already_in'));
      },
    },
    {
      name: 'human',
      words: ['人工', '转人工', '客服', 'human'],
      async run(ctx, args) {
        await deps.forwardToAssistant(ctx, args, 'human');
      },
    },
  ];
}

async function renderProfile(deps: MemberChatDeps, ctx: MemberChatContext): Promise<string> {
  const t = deps.templates;
  // The member as read for this very message (a contact's messages are handled one at a time).
  const m = ctx.member;
  const assistant = await deps.members.assistantOf(m);
  const consent = await deps.members.latestConsent(m.id, 'profile');
  const none = t.render('profile.empty_value');
  const stored = MemberService.birthdayOf(m);
  const birthday = stored ? formatBirthday(stored) : none;
  const rows: [string, string][] = [
    ['member_code', m.code],
    ['name', m.name ?? none],
    ['phone', maskPhone(deps.members.phoneOf(m)) ?? none],
    ['birthday', birthday],
    ['assistant', assistant?.name ?? none],
    ['proactive', t.render(m.optedOut ? 'profile.proactive_off' : 'profile.proactive_on')],
    ['consent', consent ? consent.grantedAt.toISOString().slice(0, 10) : none],
  ];
  return [
    t.render('profile.header'),
    ...rows.map(([key, value]) => t.render('profile.line', { label: t.render(`profile.labels.${key}`), value })),
    t.render('profile.footer'),
  ].join('\n');
}

/** First contact: a warm welcome naming the assistant, then the one-line consent question. */
export function welcomeNewMember(deps: MemberChatDeps) {
  return async (ctx: MemberChatContext, opts: { welcome?: boolean; askConsent?: boolean } = {}): Promise<void> => {
    if (opts.welcome !== false) {
      const assistant = await deps.members.assistantOf(ctx.member);
      const name = MemberService.displayName(ctx.member);
      await ctx.reply(
        assistant
          ? deps.templates.render('welcome.new', { name, store: deps.storeName, assistant: assistant.name }, ctx.member.id)
          : deps.templates.render('welcome.no_assistant', { name, store: deps.storeName }),
      );
    }
    if (opts.askConsent !== false) {
      await deps.dialogs.start(ctx.subjectKey, 'onboarding', 'consent');
      await ctx.reply(deps.templates.render('onboarding.ask_consent'));
    }
  };
}
