import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import { careConfigEnv } from './care/care.config-schema';
import { parseTierMultipliers, pointsExpiryEnv, tierMultipliersEnv } from './loyalty/points/points.config-schema';
import { parseTierThresholds, vipTiersFor, type TierThreshold } from './loyalty/tiers/tier-thresholds.config-schema';
import { parseStoreHours, storeHoursEnv, type WeeklyHours } from './shared/store-hours.config-schema';
import { rfmConfigEnv } from './loyalty/segments/rfm.config-schema';
import { chatAccountsEnv, resolveChatAccounts, type ChatAccountConfig } from './chat/accounts/chat-accounts.config-schema';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A whole number in a range, with one message that says what is expected (never the value given). */
const wholeNumber = (min: number, max: number) => {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeOfDay = z.string().regex(TIME_OF_DAY, 'expected HH:MM (24h), e.g. 09:00');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Reverse proxies in front of laoke that append to X-Forwarded-For. 0: the client is the socket's peer
   * and the header is ignored; N: the address the outermost of N trusted proxies saw.
   */
  TRUST_PROXY_HOPS: wholeNumber(0, 10).default(0),
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
  /** The store's WeChat accounts: `store:门店号,counter:二号柜台` or a JSON array (see chat-accounts.config-schema.ts). */
  CHAT_ACCOUNTS: chatAccountsEnv,
  /**
   * One instance holds each account at a time through a lease in the database: it renews every third of
   * this many seconds, and another instance takes the account over once it has lapsed.
   */
  CHAT_LEASE_SECONDS: wholeNumber(3, 600).default(30),
  /** Accept friend requests only when their greeting contains this word; empty accepts all. */
  FRIEND_ACCEPT_KEYWORD: z.string().default(''),
  /** Contact id of the staff group room where new complaints are announced. */
  STAFF_ROOM_ID: z.string().min(1).optional(),
  CHAT_RESTART_MIN_MS: wholeNumber(10, 3_600_000).default(1000),
  CHAT_RESTART_MAX_MS: wholeNumber(100, 3_600_000).default(60000),
  DIALOG_TTL_MINUTES: wholeNumber(1, 60 * 24 * 30).default(60 * 24),
  /** Seed the demo store into an empty database on start: default on, except in production (a real store starts empty). */
  SEED_DEMO: bool.optional(),
  QUIET_HOURS_START: timeOfDay.default('21:00'),
  QUIET_HOURS_END: timeOfDay.default('09:00'),
  /** Mini-program appid and secret for code2Session; without an appid, dev mode accepts `dev:<openid>` codes. */
  WECHAT_MP_APPID: z.string().min(1).max(64).optional(),
  WECHAT_MP_SECRET: z.string().min(1).max(128).optional(),
  /** WeChat API base URL (tests point it at a local stub). */
  WECHAT_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.weixin.qq.com'),
  WECHAT_API_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(5000),
  MP_SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Care occasions, send times, day offsets, auto-send vs approval (JSON over the defaults; see README). */
  CARE_CONFIG: careConfigEnv,
  /** Member tiers by spend over the last 12 months, in yuan, lowest first (e.g. silver:10000,gold:20000,diamond:50000). */
  TIER_THRESHOLDS: z
    .string()
    .refine((v) => parseTierThresholds(v) !== null, 'expected tier:yuan pairs, rising, e.g. silver:10000,gold:20000,diamond:50000')
    .default('silver:10000,gold:20000,diamond:50000'),
  /** RFM segments: scoring window, quintiles or fixed limits, what low-value members are spared (JSON over the defaults; see README). */
  RFM_CONFIG: rfmConfigEnv,
  /** A member with no purchase for this many days becomes dormant. */
  DORMANT_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Points earned per yuan spent (before the tier multiplier); decimals allowed, 0 turns earning off. */
  POINTS_PER_YUAN: z.coerce.number({ error: 'expected a number from 0 to 100' }).min(0).max(100).default(1),
  /** Points multiplier per tier (tiers of TIER_THRESHOLDS; a tier left out earns ×1). */
  POINTS_TIER_MULTIPLIERS: tierMultipliersEnv.prefault('silver:1.2,gold:1.5,diamond:2'),
  /** How long earned points live: `12m` = to the end of the 12th month after earning, `365d` = days. */
  POINTS_EXPIRE_AFTER: pointsExpiryEnv.prefault('12m'),
  /** The member is reminded this many days before points expire, when at least POINTS_EXPIRY_REMINDER_MIN expire. */
  POINTS_EXPIRY_REMINDER_DAYS: wholeNumber(1, 180).default(30),
  POINTS_EXPIRY_REMINDER_MIN: wholeNumber(1, 1_000_000_000).default(100),
  /** Most points an assistant may redeem in one redemption (managers: up to the balance). */
  POINTS_ASSISTANT_REDEEM_MAX: wholeNumber(0, 1_000_000_000).default(1000),
  /** Referrals: the referred member's first purchase must reach this amount (yuan) for both to be rewarded. */
  REFERRAL_MIN_PURCHASE_YUAN: wholeNumber(0, 1_000_000).default(100),
  /** Referrals: points for the referrer and for the friend they brought, once the first purchase qualifies. */
  REFERRAL_REFERRER_POINTS: wholeNumber(0, 1_000_000).default(200),
  REFERRAL_REFERRED_POINTS: wholeNumber(0, 1_000_000).default(100),
  /** Referrals: most rewarded referrals per referrer in a calendar month (store time); beyond it only the friend is rewarded. */
  REFERRAL_MONTHLY_CAP: wholeNumber(1, 1000).default(5),
  /** Referrals: a member may name a referrer only within this many days of joining (and before any purchase). */
  REFERRAL_CLAIM_DAYS: wholeNumber(1, 365).default(30),
  /** VIP visit plan: the tiers that get it (comma list of TIER_THRESHOLDS tiers); empty means gold and above. */
  VIP_TIERS: z.string().regex(/^[a-z0-9_,\s]*$/, 'expected tier names separated by commas, e.g. gold,diamond').default(''),
  /** VIP visit plan: personal touches each VIP member should get from their assistant per calendar month (1–2). */
  VIP_TOUCHES_PER_MONTH: wholeNumber(1, 2).default(1),
  /** At-risk stand-in: a member with a tier whose last purchase is at least this many days old (and not yet dormant). */
  AT_RISK_QUIET_DAYS: wholeNumber(1, 3650).default(45),
  /**
   * Store opening hours per weekday (store time); complaint deadlines count only these hours, skip China's
   * public holidays and count the official make-up working days (调休). A day not named is closed.
   */
  STORE_HOURS: storeHoursEnv,
  /** `cn`: public holidays do not count for deadlines and 调休 days do (lunar-typescript's calendar); `none`: the weekly hours alone. */
  STORE_HOLIDAYS: z.enum(['cn', 'none']).default('cn'),
  /** Complaints: a person acknowledges within this many minutes, else the assistant is reminded. */
  COMPLAINT_ACK_MINUTES: z.coerce.number().int().min(1).max(60 * 24).default(60),
  /** Complaints: a first real answer within this many hours, else the manager(s) are told. */
  COMPLAINT_ANSWER_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(24),
  /** A complaint left halfway in chat is kept as a draft after this many minutes of silence. */
  COMPLAINT_DRAFT_TTL_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 7).default(30),
  /** Days after resolution when the satisfaction survey goes out (DOMAIN.md: 3–5). */
  COMPLAINT_SURVEY_DAYS: z.coerce.number().int().min(3).max(5).default(3),
  /** Largest coupon (yuan) any assistant may give on their own (minor compensation). */
  COMPLAINT_MINOR_MAX_YUAN: z.coerce.number().int().min(0).max(1000).default(5),
  /** Largest coupon (yuan) of a medium compensation (exchange + coupon, with a note); above it a manager approves. */
  COMPLAINT_MEDIUM_MAX_YUAN: z.coerce.number().int().min(0).max(10000).default(10),
  /** Outbox: per sending account, wait between two proactive messages (random in [min, max] seconds). */
  OUTBOX_GAP_MIN_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  OUTBOX_GAP_MAX_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** Outbox: most proactive messages one sending account sends per store day. */
  OUTBOX_DAILY_LIMIT: z.coerce.number().int().min(1).max(100000).default(300),
  /** Outbox: at most this many proactive messages per member in a rolling window of days. */
  OUTBOX_MEMBER_CAP: z.coerce.number().int().min(1).max(100).default(4),
  OUTBOX_CAP_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Outbox: send attempts before a row is marked failed, and minutes between attempts. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  OUTBOX_RETRY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  /** Outbox: a row still "sending" after this many seconds was interrupted (crash) and goes to `check`. */
  OUTBOX_SENDING_STALE_SECONDS: z.coerce.number().int().min(10).max(86400).default(120),
  /** Outbox: a row not delivered this many hours after it was due is dropped as expired. */
  OUTBOX_EXPIRE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(48),
  /** Outbox: how long one dispatcher run keeps pacing messages (real seconds; the job fires every minute). */
  OUTBOX_RUN_SECONDS: z.coerce.number().int().min(0).max(55).default(50),
  /** Assistant in the loop: the morning list of drafts, and the cut-off for unhandled drafts (store time). */
  CARE_DIGEST_TIME: timeOfDay.default('09:00'),
  CARE_CUTOFF_TIME: timeOfDay.default('12:00'),
  /** Where staff reach this service from a browser: the link of the console sign-in code (default http://localhost:<PORT>). */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Staff console: a session unused this many minutes ends (its absolute lifetime is 12 hours). */
  CONSOLE_IDLE_MINUTES: wholeNumber(1, 12 * 60).default(30),
  /** Satisfaction survey: when it is planned (cron, store time) and who counts as active. */
  SURVEY_SCHEDULE: z.string().min(9).max(64).default('0 10 15 1,4,7,10 *'),
  SURVEY_ACTIVE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Satisfaction survey: hours a member has to answer before the questions lapse (answers so far are kept). */
  SURVEY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** SEED_DEMO resolved: as set, else true outside production. */
  SEED_DEMO: boolean;
  /** True with the mock puppet: the /dev routes and the chat simulator exist only then. */
  devMode: boolean;
  db: { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };
  /** TIER_THRESHOLDS parsed, lowest first. */
  tierThresholds: readonly TierThreshold[];
  /** VIP_TIERS resolved: the tiers with a visit plan (default gold and above). */
  vipTiers: readonly string[];
  /** STORE_HOURS parsed: index 0 = Sunday … 6 = Saturday, null = closed. */
  storeHours: WeeklyHours;
  /** PUBLIC_BASE_URL without a trailing slash, or http://localhost:<PORT>. */
  publicBaseUrl: string;
  /** CHAT_ACCOUNTS with defaults filled in: at least one account, `store` when unset. */
  chatAccounts: readonly ChatAccountConfig[];
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
  // Never echo the received value: it may be a secret.
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  // Rules across variables, checked on the raw values too so one start-up lists every problem at once.
  const min = Number(cleaned.CHAT_RESTART_MIN_MS ?? 1000);
  const max = Number(cleaned.CHAT_RESTART_MAX_MS ?? 60000);
  if (Number.isFinite(min) && Number.isFinite(max) && max < min) {
    problems.push('CHAT_RESTART_MAX_MS: must not be smaller than CHAT_RESTART_MIN_MS');
  }
  const gapMin = Number(cleaned.OUTBOX_GAP_MIN_SECONDS ?? 5);
  const gapMax = Number(cleaned.OUTBOX_GAP_MAX_SECONDS ?? 10);
  if (Number.isFinite(gapMin) && Number.isFinite(gapMax) && gapMax < gapMin) {
    problems.push('OUTBOX_GAP_MAX_SECONDS: must not be smaller than OUTBOX_GAP_MIN_SECONDS');
  }
  const digest = cleaned.CARE_DIGEST_TIME ?? '09:00';
  const cutoff = cleaned.CARE_CUTOFF_TIME ?? '12:00';
  if (TIME_OF_DAY.test(digest) && TIME_OF_DAY.test(cutoff) && cutoff <= digest) {
    problems.push('CARE_CUTOFF_TIME: must be later in the day than CARE_DIGEST_TIME');
  }
  if (cleaned.SURVEY_SCHEDULE !== undefined && !validCron(cleaned.SURVEY_SCHEDULE)) {
    problems.push('SURVEY_SCHEDULE: expected a cron expression such as "0 10 15 1,4,7,10 *"');
  }
  const tiers = parseTierThresholds(cleaned.TIER_THRESHOLDS ?? 'silver:10000,gold:20000,diamond:50000');
  const multipliers = parseTierMultipliers(cleaned.POINTS_TIER_MULTIPLIERS ?? 'silver:1.2,gold:1.5,diamond:2');
  const unknownTiers = tiers && multipliers ? Object.keys(multipliers).filter((t) => !tiers.some((x) => x.tier === t)) : [];
  if (unknownTiers.length) {
    problems.push(`POINTS_TIER_MULTIPLIERS: names tiers TIER_THRESHOLDS does not have (${unknownTiers.join(', ')})`);
  }
  if (cleaned.WECHAT_MP_APPID !== undefined && cleaned.WECHAT_MP_SECRET === undefined) {
    problems.push('WECHAT_MP_SECRET: required when WECHAT_MP_APPID is set');
  }
  if (cleaned.NODE_ENV === 'production' && cleaned.DATA_KEY === undefined) {
    problems.push('DATA_KEY: required in production (32 bytes as base64 or hex)');
  }
  const thresholds = parseTierThresholds(cleaned.TIER_THRESHOLDS ?? 'silver:10000,gold:20000,diamond:50000');
  const vipTiers = thresholds ? vipTiersFor(cleaned.VIP_TIERS ?? '', thresholds) : [];
  if (thresholds && vipTiers === null) problems.push('VIP_TIERS: every tier must be one of TIER_THRESHOLDS');
  const quiet = Number(cleaned.AT_RISK_QUIET_DAYS ?? 45);
  const dormant = Number(cleaned.DORMANT_AFTER_DAYS ?? 90);
  if (Number.isFinite(quiet) && Number.isFinite(dormant) && quiet >= dormant) {
    problems.push('AT_RISK_QUIET_DAYS: must be smaller than DORMANT_AFTER_DAYS');
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const isMock = e.WECHATY_PUPPET === 'wechaty-puppet-mock';
  const db: Config['db'] = e.DATABASE_URL.startsWith('sqlite:')
    ? { kind: 'sqlite', file: e.DATABASE_URL.slice('sqlite:'.length) }
    : { kind: 'mysql', url: e.DATABASE_URL.replace(/^mariadb:/, 'mysql:') };
  // Validated above, so the parse cannot fail here.
  const tierThresholds = parseTierThresholds(e.TIER_THRESHOLDS) ?? [];
  const storeHours = parseStoreHours(e.STORE_HOURS) ?? [];
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const chatAccounts = resolveChatAccounts(e.CHAT_ACCOUNTS, {
    puppet: e.WECHATY_PUPPET,
    puppetToken: e.WECHATY_PUPPET_SERVICE_TOKEN,
    dailyLimit: e.OUTBOX_DAILY_LIMIT,
    storeName: e.STORE_NAME,
  });
  const seedDemo = e.SEED_DEMO ?? e.NODE_ENV !== 'production';
  return Object.freeze({ ...e, SEED_DEMO: seedDemo, devMode: isMock, db, tierThresholds, vipTiers: vipTiers ?? [], storeHours, publicBaseUrl, chatAccounts });
}
