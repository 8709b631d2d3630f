import type { ChatFeatures } from '../chat';
import type { MemberMerge, MemberProfileService, MemberService, PersonalDataRights } from '../members';
import type { ModuleParts, Platform } from '../module';
import type { MemberPointsReader } from '../loyalty';
import type { MemberPurchasesQuery } from '../purchases';
import type { PersonalDataCipher } from '../privacy';
import { MpBindingCode, MpBindingGuard, MpMemberMerge } from './mp-binding.entity';
import { MpBindingService } from './mp-binding.service';
import { bindCommand } from './mp-chat';
import { MpIdentity } from './mp-identity.entity';
import { MpMeQuery } from './mp-me.query';
import { MpSession, type MemberSessionAuth } from './mp-session.entity';
import { MpSessionService } from './mp-session.service';
import { DEFAULT_MP_RATE_LIMITS, mpRoutes, type MpComplaintsPort, type MpRateLimits, type MpReferralsPort, type MpSurveysPort, type RateCounter } from './mp.routes';
import { StaffNames } from './staff-names';
import { DevCode2SessionClient, HttpCode2SessionClient, type Code2SessionClient } from './wechat-code2session';

export { MpBindingCode, MpBindingGuard, MpMemberMerge } from './mp-binding.entity';
export { MpBindingService } from './mp-binding.service';
export { MpIdentity } from './mp-identity.entity';
export { mpPersonalData } from './mp-personal-data';
export { MpSession, type MemberSessionAuth } from './mp-session.entity';
export { MpSessionService } from './mp-session.service';
export type { MpComplaintsPort, MpRateLimits, MpReferralsPort, MpSurveysPort, RateCounter } from './mp.routes';
export type { Code2SessionClient } from './wechat-code2session';

export const mpEntities = [MpIdentity, MpSession, MpBindingCode, MpBindingGuard, MpMemberMerge];

export interface MiniProgramDeps extends Platform {
  cipher: PersonalDataCipher;
  members: MemberService;
  profiles: MemberProfileService;
  merge: MemberMerge;
  rights: PersonalDataRights;
  complaints: MpComplaintsPort;
  surveys: MpSurveysPort;
  purchases: Pick<MemberPurchasesQuery, 'page'>;
  /** The member's points (`GET /mp/me/points`). */
  points: MemberPointsReader;
  /** Login and binding-code limits are counted here: shared by every instance. */
  rateCounter: RateCounter;
  /** A referral code given at the first login names the member's referrer. */
  referrals: MpReferralsPort;
}

export interface MiniProgramModule extends ModuleParts, ChatFeatures {
  sessions: MpSessionService;
  binding: MpBindingService;
  /** Resolves a mini-program bearer token to the member (the HTTP member authenticator). */
  memberSession(token: string): Promise<MemberSessionAuth>;
}

/**
 * The mini-program backend: login through code2Session, member sessions, binding to chat, and the /mp
 * routes over the member's own profile, purchases, complaints and survey. `code2Session` replaces the
 * WeChat client.
 */
export function createMiniProgramModule(deps: MiniProgramDeps, opts: { code2Session?: Code2SessionClient; limits?: Partial<MpRateLimits> } = {}): MiniProgramModule {
  const { config } = deps;
  const client =
    opts.code2Session ??
    (config.WECHAT_MP_APPID && config.WECHAT_MP_SECRET
      ? new HttpCode2SessionClient({
          baseUrl: config.WECHAT_API_BASE,
          appid: config.WECHAT_MP_APPID,
          secret: config.WECHAT_MP_SECRET,
          timeoutMs: config.WECHAT_API_TIMEOUT_MS,
          log: deps.log,
        })
      : new DevCode2SessionClient());
  const sessions = new MpSessionService({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    members: deps.members,
    client,
    devCodesAllowed: !config.WECHAT_MP_APPID,
    ttlDays: config.MP_SESSION_TTL_DAYS,
  });
  const binding = new MpBindingService({ ds: deps.ds, clock: deps.clock, cipher: deps.cipher, log: deps.log, members: deps.merge });
  return {
    sessions,
    binding,
    routes: mpRoutes({
      sessions,
      binding,
      profiles: deps.profiles,
      rights: deps.rights,
      purchases: deps.purchases,
      points: deps.points,
      me: new MpMeQuery({ ds: deps.ds, clock: deps.clock, cipher: deps.cipher, staffNames: new StaffNames({ ds: deps.ds, clock: deps.clock }) }),
      templates: deps.templates,
      storeName: config.STORE_NAME,
      complaints: deps.complaints,
      surveys: deps.surveys,
      limits: { ...DEFAULT_MP_RATE_LIMITS, ...opts.limits },
      rateCounter: deps.rateCounter,
      referrals: deps.referrals,
    }),
    memberCommands: [bindCommand({ binding, members: deps.members, templates: deps.templates, timezone: config.STORE_TIMEZONE })],
    memberSession: (token) => sessions.authenticate(token),
  };
}
