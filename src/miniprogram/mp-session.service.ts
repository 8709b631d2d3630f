import { createHash, randomBytes } from 'node:crypto';
import { type DataSource, IsNull } from 'typeorm';
import { isUniqueViolation } from '../db/sql-dialect';
import type { MemberSessionAuth } from './mp-session.entity';
import { Member } from '../members';
import type { MemberService } from '../members';
import type { Clock } from '../shared/clock';
import { UnauthorizedError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { MpIdentity } from './mp-identity.entity';
import { MpSession } from './mp-session.entity';
import { DEV_CODE, type Code2SessionClient } from './wechat-code2session';

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  member: Member;
  isNew: boolean;
}

/** Mini-program login and member sessions (bearer tokens stored hashed, expiring, revocable). */
export class MpSessionService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      clock: Clock;
      log: Logger;
      members: MemberService;
      client: Code2SessionClient;
      /** With an appid, `dev:` codes are refused before WeChat is asked. */
      devCodesAllowed: boolean;
      ttlDays: number;
    },
  ) {}

  async login(code: string): Promise<LoginResult> {
    if (!this.deps.devCodesAllowed && DEV_CODE.test(code)) {
      throw new UnauthorizedError('Dev login codes are not accepted when a mini-program appid is configured');
    }
    const user = await this.deps.client.exchange(code);
    const { member, isNew } = await this.memberFor(user.openid, user.unionid);
    const { token, expiresAt } = await this.createSession(member.id);
    this.deps.log.info({ memberId: member.id, isNew }, 'mini-program login');
    return { token, expiresAt, member, isNew };
  }

  /** The member of an openid: known openid, else a sibling openid with the same unionid, else a new member. */
  private async memberFor(openid: string, unionid: string | null): Promise<{ member: Member; isNew: boolean }> {
    const { ds, clock, members } = this.deps;
    const identities = ds.getRepository(MpIdentity);
    const now = clock.now();
    const known = await identities.findOneBy({ openid });
    if (known) {
      const member = await members.repo.findOneBy({ id: known.memberId, erasedAt: IsNull() });
      if (member) {
        await identities.update({ id: known.id }, { lastLoginAt: now, ...(unionid && !known.unionid ? { unionid } : {}) });
        return { member, isNew: false };
      }
      await identities.delete({ id: known.id });
    }
    if (unionid) {
      const sibling = await identities.findOneBy({ unionid });
      const member = sibling ? await members.repo.findOneBy({ id: sibling.memberId, erasedAt: IsNull() }) : null;
      if (member) {
        try {
          await identities.insert({ openid, unionid, memberId: member.id, createdAt: now, lastLoginAt: now });
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
        }
        return { member, isNew: false };
      }
    }
    try {
      return await ds.transaction(async (em) => {
        const member = await members.create({ source: 'mp' }, em);
        await em.insert(MpIdentity, { openid, unionid, memberId: member.id, createdAt: now, lastLoginAt: now });
        return { member, isNew: true };
      });
    } catch (err) {
      // Two logins of the same new user raced: the first one's member wins.
      if (!isUniqueViolation(err)) throw err;
      const identity = await identities.findOneByOrFail({ openid });
      return { member: await members.get(identity.memberId), isNew: false };
    }
  }

  /** Issues a session for a member; the clear token is returned once. Also used by the benchmark. */
  async createSession(memberId: number): Promise<{ token: string; expiresAt: Date; sessionId: number }> {
    const token = `lkm_${randomBytes(32).toString('base64url')}`;
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.deps.ttlDays * 86_400_000);
    const result = await this.deps.ds.getRepository(MpSession).insert({
      memberId,
      tokenHash: hashSessionToken(token),
      createdAt: now,
      expiresAt,
      revokedAt: null,
    });
    return { token, expiresAt, sessionId: Number(result.identifiers[0].id) };
  }

  /** Resolves a bearer token in one query: live session of a member who has not erased their data. */
  async authenticate(token: string): Promise<MemberSessionAuth> {
    const row = await this.deps.ds
      .getRepository(MpSession)
      .createQueryBuilder('s')
      .innerJoin(Member, 'm', 'm.id = s.memberId AND m.erasedAt IS NULL')
      .select('s.id', 'id')
      .addSelect('s.memberId', 'memberId')
      .where('s.tokenHash = :hash AND s.revokedAt IS NULL AND s.expiresAt > :now', { hash: hashSessionToken(token), now: this.deps.clock.now() })
      .getRawOne<{ id: number | string; memberId: number | string }>();
    if (!row) throw new UnauthorizedError('Session expired, revoked or unknown; log in again');
    return { memberId: Number(row.memberId), sessionId: Number(row.id) };
  }

  /** Logs out one session (or, with `all`, every session of the member). */
  async revoke(memberId: number, sessionId: number, all = false): Promise<number> {
    const where = all ? { memberId, revokedAt: IsNull() } : { id: sessionId, memberId, revokedAt: IsNull() };
    const r = await this.deps.ds.getRepository(MpSession).update(where, { revokedAt: this.deps.clock.now() });
    return r.affected ?? 0;
  }
}
