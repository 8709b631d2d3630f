import { ConfigError } from '../config';
import type { CoreDeps, LaokeModule, ModuleFactory } from '../module';
import { MpBindingService } from './mp-binding.service';
import { bindCommand } from './mp-chat';
import { MpMeQuery } from './mp-me.query';
import { MpProfileService } from './mp-profile.service';
import { MpSessionService } from './mp-session.service';
import { StaffNames } from './staff-names';
import { DEFAULT_MP_RATE_LIMITS, mpRoutes, type MpRateLimits } from './mp.routes';
import { DevCode2SessionClient, HttpCode2SessionClient, type Code2SessionClient } from './wechat-code2session';

/** The mini-program module's public service (deps.services.mp). */
export interface MpService {
  sessions: MpSessionService;
  binding: MpBindingService;
  profiles: MpProfileService;
}

/**
 * The mini-program backend: login through code2Session, member sessions, binding to chat, the member's
 * own profile, purchases, complaints, export and erasure. `code2Session` replaces the WeChat client.
 */
export function createMiniProgramModule(opts: { code2Session?: Code2SessionClient; limits?: Partial<MpRateLimits> } = {}): ModuleFactory {
  return (deps: CoreDeps): LaokeModule => {
    const { config } = deps;
    if (config.WECHAT_MP_APPID && !config.WECHAT_MP_SECRET) {
      throw new ConfigError(['WECHAT_MP_SECRET: required when WECHAT_MP_APPID is set']);
    }
    const client =
      opts.code2Session ??
      (config.WECHAT_MP_APPID
        ? new HttpCode2SessionClient({
            baseUrl: config.WECHAT_API_BASE,
            appid: config.WECHAT_MP_APPID,
            secret: config.WECHAT_MP_SECRET!,
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
    const binding = new MpBindingService({ ds: deps.ds, clock: deps.clock, cipher: deps.cipher, log: deps.log });
    const profiles = new MpProfileService({
      ds: deps.ds,
      clock: deps.clock,
      log: deps.log,
      cipher: deps.cipher,
      members: deps.members,
      templates: deps.templates,
      notifier: deps.notifier,
      storeName: config.STORE_NAME,
      services: deps.services,
    });
    const service: MpService = { sessions, binding, profiles };
    return {
      name: 'mp',
      service,
      routes: mpRoutes({
        sessions,
        binding,
        profiles,
        me: new MpMeQuery({ ds: deps.ds, clock: deps.clock, cipher: deps.cipher, staffNames: new StaffNames({ ds: deps.ds, clock: deps.clock }) }),
        templates: deps.templates,
        storeName: config.STORE_NAME,
        services: deps.services,
        limits: { ...DEFAULT_MP_RATE_LIMITS, ...opts.limits },
      }),
      memberCommands: [bindCommand({ binding, templates: deps.templates, timezone: config.STORE_TIMEZONE })],
      memberSession: (token) => sessions.authenticate(token),
    };
  };
}

export const miniProgramModule: ModuleFactory = createMiniProgramModule();
