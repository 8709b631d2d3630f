import { createHash, randomBytes, randomInt } from 'node:crypto';
import { IsNull, LessThan, MoreThan, type DataSource } from 'typeorm';
import type { Clock } from '../../shared/clock';
import { UnauthorizedError } from '../../shared/errors';
import type { Staff } from '../staff.entity';
import { hashToken, type StaffService } from '../staff.service';
import { ConsoleSession, type ConsoleSignInMethod } from './console-session.entity';
import { ConsoleSignInCode } from './sign-in-code.entity';

export interface ConsoleSessionSettings {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  lifetimeHours: number;
  /** A sign-in code from chat is good this long, once. */
  codeMinutes: number;
}

export const DEFAULT_CONSOLE_SESSION_SETTINGS: ConsoleSessionSettings = { idleMinutes: 30, lifetimeHours: 12, codeMinutes: 5 };

/** A live console session, as the HTTP layer needs it. */
export interface ConsoleSessionView {
  staff: Staff;
  sessionId: number;
  /** What state-changing requests must send as X-CSRF-Token. */
  csrfToken: string;
  /** When the session ends unless used again (idle timeout), or its absolute end if sooner. */
  expiresAt: Date;
}

const MINUTE = 60_000;
/** lastSeenAt is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = MINUTE;
const SECRET = /^lkc_[A-Za-z0-9_-]{43}$/;

/**
 * The CSRF token of a session, derived from its secret: the browser's script gets it from the sign-in
 * answer (or GET /admin/session), a cross-site page can neither read the cookie nor compute it.
 */
export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`csrf:${secret}`).digest('base64url');
}

/**
 * Console sign-in: one-time codes sent in chat (keyed hash stored, five minutes, single use) and
 * browser sessions (hash of the cookie secret stored; idle timeout, absolute lifetime, revocable).
 */
export class ConsoleSessions {
  constructor(
    private readonly deps: {
      ds: DataSource;
      clock: Clock;
      staff: StaffService;
      /** Keyed hash (HMAC with the data key): a six-digit code's plain hash could be reversed by trying all. */
      codeHash(code: string): string;
      settings: ConsoleSessionSettings;
    },
  ) {}

  private get codes() {
    return this.deps.ds.getRepository(ConsoleSignInCode);
  }

  private get sessions() {
    return this.deps.ds.getRepository(ConsoleSession);
  }

  /** A new six-digit code for an active staff member; their earlier unused codes become void. */
  async issueCode(staffId: number): Promise<{ code: string; expiresAt: Date }> {
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.deps.settings.codeMinutes * MINUTE);
    await this.codes.update({ staffId, usedAt: IsNull() }, { usedAt: now });
    for (let attempt = 0; ; attempt++) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const codeHash = this.deps.codeHash(code);
      // Two live codes alike would make the exchange ambiguous: draw again (one in a million per live code).
      const clash = await this.codes.existsBy({ codeHash, usedAt: IsNull(), expiresAt: MoreThan(now) });
      if (clash && attempt < 5) continue;
      await this.codes.insert({ staffId, codeHash, createdAt: now, expiresAt, usedAt: null });
      return { code, expiresAt };
    }
  }

  /** Exchanges a code for a session; a wrong, expired or used code is 401. Single use even under concurrent tries. */
  async signInWithCode(code: string): Promise<{ secret: string; view: ConsoleSessionView }> {
    const now = this.deps.clock.now();
    const row = await this.codes.findOne({ where: { codeHash: this.deps.codeHash(code), usedAt: IsNull(), expiresAt: MoreThan(now) }, order: { id: 'DESC' } });
    if (!row) throw new UnauthorizedError('Wrong or expired sign-in code');
    // Conditional update: of two requests with the same code, only one sees affected = 1.
    const taken = await this.codes.createQueryBuilder().update(ConsoleSignInCode).set({ usedAt: now }).where('id = :id', { id: row.id }).andWhere('usedAt IS NULL').execute();
    if ((taken.affected ?? 0) !== 1) throw new UnauthorizedError('Wrong or expired sign-in code');
    const staff = await this.deps.staff.repo.findOneBy({ id: row.staffId, active: true });
    if (!staff) throw new UnauthorizedError('Wrong or expired sign-in code');
    return this.open(staff, 'code');
  }

  /** An admin without WeChat signs in with a staff API token (npm run staff). */
  async signInWithToken(token: string): Promise<{ secret: string; view: ConsoleSessionView }> {
    return this.open(await this.deps.staff.authenticate(token), 'token');
  }

  private async open(staff: Staff, method: ConsoleSignInMethod): Promise<{ secret: string; view: ConsoleSessionView }> {
    const now = this.deps.clock.now();
    const secret = `lkc_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + this.deps.settings.lifetimeHours * 60 * MINUTE);
    const { identifiers } = await this.sessions.insert({ staffId: staff.id, tokenHash: hashToken(secret), method, createdAt: now, lastSeenAt: now, expiresAt, revokedAt: null });
    const session = { id: Number(identifiers[0].id), lastSeenAt: now, expiresAt };
    return { secret, view: this.viewOf(staff, session, secret) };
  }

  /** The live session behind a cookie's secret, its last use moved on; 401 when missing, idle, expired or revoked. */
  async authenticate(secret: string): Promise<ConsoleSessionView> {
    if (!SECRET.test(secret)) throw new UnauthorizedError('Malformed console session');
    const now = this.deps.clock.now();
    const row = await this.sessions.findOneBy({ tokenHash: hashToken(secret), revokedAt: IsNull() });
    const idleMs = this.deps.settings.idleMinutes * MINUTE;
    if (!row || row.expiresAt.getTime() <= now.getTime() || row.lastSeenAt.getTime() + idleMs <= now.getTime()) {
      throw new UnauthorizedError('The console session has ended; sign in again');
    }
    const staff = await this.deps.staff.repo.findOneBy({ id: row.staffId, active: true });
    if (!staff) throw new UnauthorizedError('The console session has ended; sign in again');
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.sessions.update({ id: row.id }, { lastSeenAt: now });
      row.lastSeenAt = now;
    }
    return this.viewOf(staff, row, secret);
  }

  /** Signs one session out. */
  async end(sessionId: number): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.deps.clock.now() });
  }

  /** Drops codes and sessions that ended more than a day ago (housekeeping); answers how many. */
  async prune(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - 24 * 60 * MINUTE);
    const codes = await this.codes.delete({ expiresAt: LessThan(before) });
    const sessions = await this.sessions.delete({ expiresAt: LessThan(before) });
    return (codes.affected ?? 0) + (sessions.affected ?? 0);
  }

  private viewOf(staff: Staff, s: { id: number; lastSeenAt: Date; expiresAt: Date }, secret: string): ConsoleSessionView {
    const idleEnd = s.lastSeenAt.getTime() + this.deps.settings.idleMinutes * MINUTE;
    return { staff, sessionId: s.id, csrfToken: csrfTokenOf(secret), expiresAt: new Date(Math.min(idleEnd, s.expiresAt.getTime())) };
  }
}
