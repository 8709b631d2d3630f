import { z } from 'zod';

/**
 * The store's WeChat accounts (CHAT_ACCOUNTS). Each is its own Wechaty bot with its own puppet, login,
 * pacing and daily ceiling. Two forms:
 * - a comma list of ids, optionally with a display name: `store:门店号,counter:二号柜台` (every account
 *   then uses WECHATY_PUPPET / WECHATY_PUPPET_SERVICE_TOKEN and OUTBOX_DAILY_LIMIT);
 * - a JSON array for per-account puppets and ceilings:
 *   `[{"id":"store","name":"门店号"},{"id":"counter","puppet":"wechaty-puppet-service","token":"…","dailyLimit":200}]`.
 * Unset, the store has one account, `store`, as before.
 */

export const CHAT_ACCOUNT_ID = /^[a-z][a-z0-9_-]{0,31}$/;
export const DEFAULT_CHAT_ACCOUNT = 'store';

const accountSchema = z.strictObject({
  id: z.string().regex(CHAT_ACCOUNT_ID, 'expected an id of lowercase letters, digits, - or _ (at most 32), starting with a letter'),
  /** Shown to staff (console, /admin/chat/accounts); defaults to the id. */
  name: z.string().trim().min(1).max(20).optional(),
  /** Puppet package name; defaults to WECHATY_PUPPET. */
  puppet: z.string().min(1).max(100).optional(),
  /** Puppet service token; defaults to WECHATY_PUPPET_SERVICE_TOKEN. */
  token: z.string().min(1).max(200).optional(),
  /** Most proactive messages this account sends per store day; defaults to OUTBOX_DAILY_LIMIT. */
  dailyLimit: z.number().int().min(1).max(100000).optional(),
});

export type ChatAccountSetting = z.infer<typeof accountSchema>;

const accountList = z
  .array(accountSchema)
  .min(1, 'expected at least one account')
  .max(20, 'expected at most 20 accounts')
  .refine((list) => new Set(list.map((a) => a.id)).size === list.length, 'every account id must be different');

/** Parses CHAT_ACCOUNTS (either form); the error message never repeats the value (it may hold a token). */
export const chatAccountsEnv = z
  .string()
  .transform((raw, ctx): ChatAccountSetting[] => {
    const text = raw.trim();
    let candidate: unknown;
    if (text.startsWith('[')) {
      try {
        candidate = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON array of accounts or a comma list such as store:门店号,counter:二号柜台' });
        return z.NEVER;
      }
    } else {
      candidate = text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const at = part.indexOf(':');
          return at < 0 ? { id: part } : { id: part.slice(0, at).trim(), name: part.slice(at + 1).trim() };
        });
    }
    const parsed = accountList.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || 'accounts'}: ${issue.message}` });
      return z.NEVER;
    }
    return parsed.data;
  })
  .optional();

/** One configured account with every default filled in. */
export interface ChatAccountConfig {
  id: string;
  name: string;
  puppet: string;
  puppetToken: string | undefined;
  dailyLimit: number;
}

export function resolveChatAccounts(
  list: ChatAccountSetting[] | undefined,
  defaults: { puppet: string; puppetToken: string | undefined; dailyLimit: number; storeName: string },
): ChatAccountConfig[] {
  const settings = list ?? [{ id: DEFAULT_CHAT_ACCOUNT, name: defaults.storeName }];
  return settings.map((a) => ({
    id: a.id,
    name: a.name ?? a.id,
    puppet: a.puppet ?? defaults.puppet,
    puppetToken: a.token ?? defaults.puppetToken,
    dailyLimit: a.dailyLimit ?? defaults.dailyLimit,
  }));
}
