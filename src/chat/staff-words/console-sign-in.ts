import type { TemplateLibrary } from '../../shared/templates';
import type { ConsoleSessions } from '../../staff';
import { matchCommand, type StaffCommand } from '../commands';

export const CONSOLE_SIGN_IN_WORDS = ['登录', '登陆', 'login'];

/** `登录` (staff only): a one-time code and link for the web console. Members' words are not touched. */
export function consoleSignInCommand(deps: {
  sessions: Pick<ConsoleSessions, 'issueCode'>;
  templates: TemplateLibrary;
  /** PUBLIC_BASE_URL: where staff open the console. */
  baseUrl: string;
  codeMinutes: number;
}): StaffCommand {
  const words = [{ words: CONSOLE_SIGN_IN_WORDS }];
  return {
    name: 'console-sign-in',
    async tryRun(ctx) {
      const m = matchCommand(ctx.text, words);
      if (!m || m.args) return false;
      const { code } = await deps.sessions.issueCode(ctx.staff.id);
      const reply = (c: string) =>
        deps.templates.render('staff.console_code', { name: ctx.staff.name, code: c, link: `${deps.baseUrl}/console/login?code=${c}`, minutes: deps.codeMinutes });
      // The message log keeps the reply without the code: it is a credential for five minutes.
      await ctx.reply(reply(code), { logged: reply('******') });
      return true;
    },
  };
}
