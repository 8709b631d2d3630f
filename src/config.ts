import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h), e.g. 09:00');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/, 'expected sqlite:<file> or mysql://user:pass@host:port/db')
    .default('sqlite:./data/laoke.sqlite'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STORE_NAME: z.string().min(1).max(40).default('老客小店'),
  STORE_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  /** 32 bytes, base64 or hex, for encrypting phone numbers and addresses; a dev key is generated under DATA_DIR when absent outside production. */
  DATA_KEY: z
    .string()
    .refine((k) => decodeKey(k) !== null, 'expected 32 bytes as base64 (44 chars) or hex (64 chars)')
    .optional(),
  WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-mock'),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  /** Accept friend requests only when their greeting contains this word; empty accepts all. */
  FRIEND_ACCEPT_KEYWORD: z.string().default(''),
  /** Contact id of the staff group room where new complaints are announced. */
  STAFF_ROOM_ID: z.string().min(1).optional(),
  CHAT_RESTART_MIN_MS: z.coerce.number().int().min(10).default(1000),
  CHAT_RESTART_MAX_MS: z.coerce.number().int().min(100).default(60000),
  DIALOG_TTL_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(60 * 24),
  SEED_DEMO: bool.default(true),
  QUIET_HOURS_START: timeOfDay.default('21:00'),
  QUIET_HOURS_END: timeOfDay.default('09:00'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** True with the mock puppet: the /dev routes and the chat simulator exist only then. */
  devMode: boolean;
  db: { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function decodeKey(raw: string): Buffer | null {
  const trimmed = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  try {
    const buf = Buffer.from(trimmed, 'base64');
    return buf.length === 32 ? buf : null;
  } catch {
    return null;
  }
}

/** Reads every setting from the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // Empty strings in the environment mean "not set" so the defaults apply.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        // Never echo the received value: it may be a secret.
        return `${name}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.CHAT_RESTART_MAX_MS < e.CHAT_RESTART_MIN_MS) {
    problems.push('CHAT_RESTART_MAX_MS: must not be smaller than CHAT_RESTART_MIN_MS');
  }
  if (e.NODE_ENV === 'production' && !e.DATA_KEY) {
    problems.push('DATA_KEY: required in production (32 bytes as base64 or hex)');
  }
  if (problems.length) throw new ConfigError(problems);
  const isMock = e.WECHATY_PUPPET === 'wechaty-puppet-mock';
  const db: Config['db'] = e.DATABASE_URL.startsWith('sqlite:')
    ? { kind: 'sqlite', file: e.DATABASE_URL.slice('sqlite:'.length) }
    : { kind: 'mysql', url: e.DATABASE_URL.replace(/^mariadb:/, 'mysql:') };
  return Object.freeze({ ...e, devMode: isMock, db });
}
