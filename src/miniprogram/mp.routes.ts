import type Koa from 'koa';
import { z } from 'zod';
import type { ComplaintsApi } from '../complaints';
import { memberPointsSchema, type MemberPointsReader } from '../loyalty';
import type { MemberPurchasesQuery } from '../purchases';
import { defineRoute, type AuthState, type RouteDef } from '../http/route';
import { profilePatchSchema, profileSchema, type MemberProfileService, type PersonalDataRights } from '../members';
import { NotFoundError, RateLimitedError, UnauthorizedError } from '../shared/errors';
import type { TemplateLibrary } from '../shared/templates';
import type { MpBindingService } from './mp-binding.service';
import type { MpMeQuery } from './mp-me.query';
import type { MpSessionService } from './mp-session.service';
import {
  bindingCodeResponseSchema,
  complaintBodySchema,
  eraseResponseSchema,
  exportSchema,
  loginBodySchema,
  loginResponseSchema,
  purchasesQuerySchema,
  purchasesResponseSchema,
  surveyAnswerBodySchema,
  surveyAnsweredSchema,
  surveyOpenSchema,
} from './mp.schema';

/** What the mini-program needs of the complaints module: the member's tickets, and filing one. */
export type MpComplaintsPort = Pick<ComplaintsApi, 'listForMember' | 'open'>;

/** What the mini-program needs of the surveys module: the member's open survey and answering it. */
export interface MpSurveysPort {
  openForMember(memberId: number): Promise<unknown | null>;
  answer(memberId: number, input: { answers: Record<string, number>; comment?: string; channel: 'mp' }): Promise<unknown>;
}

/** What the mini-program needs of referrals: a new member naming who brought them (loyalty's ReferralService). */
export interface MpReferralsPort {
  claim(memberId: number, given: string, channel: 'mp'): Promise<{ ok: true } | { ok: false; reason: string }>;
}

/** Per-client limits (fixed windows). */
export interface MpRateLimits {
  loginPerMinutePerIp: number;
  bindingCodesPer10MinPerMember: number;
}

export const DEFAULT_MP_RATE_LIMITS: MpRateLimits = { loginPerMinutePerIp: 20, bindingCodesPer10MinPerMember: 5 };

/**
 * Counts hits in fixed windows where every instance sees them (the root passes the database-backed
 * counter), so a client cannot spread its attempts over the instances.
 */
export interface RateCounter {
  hit(key: string, windowSeconds: number): Promise<{ hits: number; msBeforeReset: number }>;
}

interface Limit {
  name: string;
  points: number;
  windowSeconds: number;
}

async function consume(counter: RateCounter, limit: Limit, key: string, ctx: Koa.Context, what: string): Promise<void> {
  const { hits, msBeforeReset } = await counter.hit(`${limit.name}:${key}`, limit.windowSeconds);
  if (hits <= limit.points) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeReset / 1000));
  ctx.set('Retry-After', String(retryAfterSeconds));
  throw new RateLimitedError(`Too many ${what}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** What a member sees of their own ticket: no internal notes, root causes or staff ids. */
const COMPLAINT_FIELDS = ['ticketNo', 'category', 'description', 'orderNo', 'channel', 'status', 'resolution', 'createdAt', 'acknowledgedAt', 'resolvedAt', 'closedAt'];

export function complaintView(ticket: unknown): Record<string, unknown> {
  const t = (ticket ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of COMPLAINT_FIELDS) if (t[k] !== undefined) out[k] = t[k];
  return out;
}

const complaintViewSchema = z
  .looseObject({
    ticketNo: z.string(),
    category: z.string(),
    description: z.string(),
    orderNo: z.string().nullable().optional(),
    status: z.string(),
    resolution: z.string().nullable().optional(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MpComplaint' });

function memberOf(auth: AuthState): number {
  if (!auth.memberId) throw new UnauthorizedError();
  return auth.memberId;
}

const memberAuth = { kind: 'member' } as const;
const tags = ['mini-program'];

export function mpRoutes(deps: {
  sessions: MpSessionService;
  binding: MpBindingService;
  profiles: MemberProfileService;
  rights: PersonalDataRights;
  purchases: Pick<MemberPurchasesQuery, 'page'>;
  points: MemberPointsReader;
  me: MpMeQuery;
  templates: TemplateLibrary;
  storeName: string;
  complaints: MpComplaintsPort;
  surveys: MpSurveysPort;
  limits: MpRateLimits;
  rateCounter: RateCounter;
  referrals: MpReferralsPort;
}): RouteDef[] {
  const loginLimit: Limit = { name: 'mp-login', points: deps.limits.loginPerMinutePerIp, windowSeconds: 60 };
  const bindingLimit: Limit = { name: 'mp-binding', points: deps.limits.bindingCodesPer10MinPerMember, windowSeconds: 600 };

  return [
    defineRoute({
      method: 'post',
      path: '/mp/login',
      summary: 'Log in with a wx.login code; returns a bearer session token',
      tags,
      auth: { kind: 'none' },
      body: loginBodySchema,
      response: loginResponseSchema,
      // 401: the code is bad or used (or a dev code where an appid is set); 403: WeChat refused the user.
      errors: [401, 403, 429, 503],
      async handler({ body, ctx }) {
        await consume(deps.rateCounter, loginLimit, ctx.ip, ctx, 'login attempts');
        const r = await deps.sessions.login(body.code);
        const chatLinked = await deps.profiles.isChatLinked(r.member.id);
        // The referrer is named once, at the first login (a returning member's code is not theirs to add).
        const claimed = body.referralCode === undefined ? undefined : r.isNew ? await deps.referrals.claim(r.member.id, body.referralCode, 'mp') : ({ ok: false, reason: 'not_new' } as const);
        return {
          ...(claimed ? { referral: { accepted: claimed.ok, reason: claimed.ok ? null : claimed.reason } } : {}),
          token: r.token,
          tokenType: 'Bearer' as const,
          expiresAt: r.expiresAt.toISOString(),
          isNewMember: r.isNew,
          member: { code: r.member.code, name: r.member.name, chatLinked },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/mp/logout',
      summary: 'Revoke this session (or, with all=true, every session of the member)',
      tags,
      auth: memberAuth,
      body: z.strictObject({ all: z.boolean().default(false) }),
      status: 204,
      async handler({ auth, body }) {
        await deps.sessions.revoke(memberOf(auth), auth.sessionId ?? 0, body.all);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mp/me',
      summary: 'My profile, consents, assistant and opt-out state',
      tags,
      // The session and the whole page in one statement (see MpMeQuery): the mini-program's hottest read.
      auth: { kind: 'member', sessionInHandler: true },
      response: profileSchema,
      async handler({ bearer, ctx }) {
        if (!bearer) throw new UnauthorizedError();
        const { auth, profile } = await deps.me.run(bearer);
        ctx.state.auth = auth;
        return profile;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/mp/me',
      summary: 'Correct or add to my profile; grant or withdraw consent per purpose; opt out/in (409 phone_taken: another member has this number)',
      tags,
      auth: memberAuth,
      body: profilePatchSchema,
      response: profileSchema,
      errors: [409],
      async handler({ auth, body }) {
        return deps.profiles.update(memberOf(auth), body);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/mp/me',
      summary: 'Erase my personal data (profile, identities, message texts); confirmed in chat if linked',
      tags,
      auth: memberAuth,
      response: eraseResponseSchema,
      async handler({ auth }) {
        const r = await deps.rights.erase(memberOf(auth));
        return { erasedAt: r.erasedAt.toISOString(), confirmedInChat: r.confirmedInChat };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mp/me/export',
      summary: 'Everything stored about me, as a JSON download',
      tags,
      auth: memberAuth,
      response: exportSchema,
      responseHeaders: { 'Content-Disposition': 'attachment; filename="laoke-<member code>.json"' },
      async handler({ auth }) {
        const data = await deps.rights.export(memberOf(auth));
        const code = (data.profile as { code: string }).code;
        return {
          raw: true as const,
          type: 'application/json; charset=utf-8',
          headers: { 'Content-Disposition': `attachment; filename="laoke-${code}.json"`, 'Cache-Control': 'no-store' },
          body: data,
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/mp/me/binding-code',
      summary: 'A one-time 6-digit code (10 minutes) to send as “绑定 <code>” to the store account in chat',
      tags,
      auth: memberAuth,
      status: 201,
      response: bindingCodeResponseSchema,
      errors: [429],
      async handler({ auth, ctx }) {
        const memberId = memberOf(auth);
        await consume(deps.rateCounter, bindingLimit, `m${memberId}`, ctx, 'binding codes');
        const { code, expiresAt } = await deps.binding.issueCode(memberId);
        return {
          code,
          expiresAt: expiresAt.toISOString(),
          instruction: deps.templates.render('mp.binding.instruction', { code, store: deps.storeName }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mp/me/purchases',
      summary: 'My purchases, newest first',
      tags,
      auth: memberAuth,
      query: purchasesQuerySchema,
      response: purchasesResponseSchema,
      async handler({ auth, query }) {
        return deps.purchases.page(memberOf(auth), query.page, query.pageSize);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mp/me/points',
      summary: 'My points: balance, what expires when, the latest changes',
      tags,
      auth: memberAuth,
      response: memberPointsSchema,
      async handler({ auth }) {
        return deps.points.forMember(memberOf(auth));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mp/me/complaints',
      summary: 'My complaints (the same tickets as in chat)',
      tags,
      auth: memberAuth,
      response: z.object({ items: z.array(complaintViewSchema) }).meta({ id: 'MpComplaints' }),
      errors: [503],
      async handler({ auth }) {
        return { items: (await deps.complaints.listForMember(memberOf(auth))).map(complaintView) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/mp/me/complaints',
      summary: 'File a complaint from the mini-program',
      tags,
      auth: memberAuth,
      body: complaintBodySchema,
      status: 201,
      response: complaintViewSchema,
      errors: [503],
      async handler({ auth, body }) {
        return complaintView(await deps.complaints.open({ memberId: memberOf(auth), channel: 'mp', ...body }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mp/me/survey',
      summary: 'My open satisfaction survey, if any',
      tags,
      auth: memberAuth,
      response: surveyOpenSchema,
      errors: [404, 503],
      async handler({ auth }) {
        const open = await deps.surveys.openForMember(memberOf(auth));
        if (!open) throw new NotFoundError('No open survey');
        return open;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/mp/me/survey',
      summary: 'Answer my open satisfaction survey',
      tags,
      auth: memberAuth,
      body: surveyAnswerBodySchema,
      response: surveyAnsweredSchema,
      errors: [404, 409, 503],
      async handler({ auth, body }) {
        return deps.surveys.answer(memberOf(auth), { answers: body.answers as Record<string, number>, comment: body.comment, channel: 'mp' });
      },
    }),
  ];
}
