import type { DataSource, EntityTarget } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { dbKind } from '../db/sql-dialect';
import type { MemberSessionAuth } from './mp-session.entity';
import { ChatIdentity, Member, MemberConsent, safeJson, type BirthdayCalendar, type Gender, type ProfileView } from '../members';
import type { PersonalDataCipher } from '../privacy';
import type { Clock } from '../shared/clock';
import { UnauthorizedError } from '../shared/errors';
import { MpSession } from './mp-session.entity';
import { hashSessionToken } from './mp-session.service';
import type { StaffNames } from './staff-names';

/** The row of MpMeQuery's statement: session, member and chat link, plus one consent in force (or none). */
interface MeRow {
  sessionId: number | string;
  memberId: number | string;
  code: string;
  nickname: string | null;
  name: string | null;
  phoneEnc: string | null;
  gender: Gender | null;
  ageRange: string | null;
  birthdayCalendar: BirthdayCalendar | null;
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  birthLeapMonth: unknown;
  addressEnc: string | null;
  email: string | null;
  occupation: string | null;
  isMother: unknown;
  isFather: unknown;
  isTeacher: unknown;
  profileExtra: string | null;
  tier: string;
  lifecycle: string;
  optedOut: unknown;
  createdAt: unknown;
  assistantId: number | string | null;
  chatIdentityId: number | string | null;
  consentPurpose: string | null;
  consentStatement: string | null;
  consentChannel: string | null;
  consentGrantedAt: unknown;
  consentId: number | string | null;
}

/** The part of mysql2's (callback) pool that TypeORM's MySQL driver holds. */
interface Mysql2Pool {
  execute(sql: string, values: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
}

/**
 * `GET /mp/me`, the hot read of the mini-program, in one statement: the session (by token hash, live, not
 * revoked, member not erased — the same rule as MpSessionService.authenticate), the member, whether chat is
 * linked, and the consents in force (one row each). The assistant's name comes from StaffNames (a few
 * rows, kept in memory for 30 s) rather than a join: one table less for the database on every request.
 * Raw SQL with row mapping by hand, because building the query and hydrating entities through TypeORM
 * cost as much CPU as the database round trips. MpProfileService.view gives the same answer (tested).
 */
export class MpMeQuery {
  private readonly sql: string;
  private readonly select: (params: unknown[]) => Promise<MeRow[]>;
  private readonly col: Record<'bool' | 'date' | 'expiresAt', ColumnMetadata>;

  constructor(
    private readonly deps: { ds: DataSource; clock: Clock; cipher: PersonalDataCipher; staffNames: StaffNames },
  ) {
    const { ds } = deps;
    // Table and column names from the entity metadata, quoted for the driver: built once, not per request.
    const q = (name: string) => ds.driver.escape(name);
    const t = (entity: EntityTarget<unknown>) => q(ds.getMetadata(entity).tableName);
    const memberCols = [
      'code', 'nickname', 'name', 'phoneEnc', 'gender', 'ageRange', 'birthdayCalendar', 'birthYear', 'birthMonth', 'birthDay',
      'birthLeapMonth', 'addressEnc', 'email', 'occupation', 'isMother', 'isFather', 'isTeacher', 'profileExtra', 'tier',
      'lifecycle', 'optedOut', 'createdAt', 'assistantId',
    ].map((c) => `m.${q(c)}`); // no alias: the column's own name, and a shorter statement to key mysql2's cache
    this.sql = [
      `SELECT s.${q('id')} AS ${q('sessionId')}, m.${q('id')} AS ${q('memberId')}, ${memberCols.join(', ')},`,
      ` ci.${q('id')} AS ${q('chatIdentityId')},`,
      ` c.${q('purpose')} AS ${q('consentPurpose')}, c.${q('statement')} AS ${q('consentStatement')},`,
      ` c.${q('channel')} AS ${q('consentChannel')}, c.${q('grantedAt')} AS ${q('consentGrantedAt')}, c.${q('id')} AS ${q('consentId')}`,
      ` FROM ${t(MpSession)} s`,
      ` INNER JOIN ${t(Member)} m ON m.${q('id')} = s.${q('memberId')} AND m.${q('erasedAt')} IS NULL`,
      // The chat link as a join rather than an EXISTS subquery: about 8 µs less MariaDB CPU per
      // statement (of ~100, measured); a member with several chat identities repeats the consent rows, which the
      // mapping below takes once each.
      ` LEFT JOIN ${t(ChatIdentity)} ci ON ci.${q('memberId')} = m.${q('id')}`,
      ` LEFT JOIN ${t(MemberConsent)} c ON c.${q('memberId')} = m.${q('id')} AND c.${q('withdrawnAt')} IS NULL`,
      // No ORDER BY: sorting the few consent rows here is cheaper than the database's filesort (5x the
      // statement's cost on MariaDB).
      ` WHERE s.${q('tokenHash')} = ? AND s.${q('revokedAt')} IS NULL AND s.${q('expiresAt')} > ?`,
    ].join('');
    // On MySQL/MariaDB a prepared statement on TypeORM's own pool (same connections as every other query):
    // the server skips parsing, and the client skips the query runner, which costs more than the read.
    const pool = dbKind(ds) === 'mysql' ? (ds.driver as unknown as { pool?: Mysql2Pool }).pool : undefined;
    this.select = pool
      ? (params) =>
          new Promise((resolve, reject) => {
            pool.execute(this.sql, params, (err, rows) => (err ? reject(err) : resolve(rows as MeRow[])));
          })
      : (params) => ds.query(this.sql, params) as Promise<MeRow[]>;
    const member = ds.getMetadata(Member);
    this.col = {
      bool: member.findColumnWithPropertyName('optedOut')!,
      date: member.findColumnWithPropertyName('createdAt')!,
      expiresAt: ds.getMetadata(MpSession).findColumnWithPropertyName('expiresAt')!,
    };
  }

  /** The caller's profile page, or 401 (expired, revoked or unknown token; erased member) like the authenticator. */
  async run(token: string): Promise<{ auth: MemberSessionAuth; profile: ProfileView }> {
    const { ds, clock, cipher } = this.deps;
    const driver = ds.driver;
    const now = driver.preparePersistentValue(clock.now(), this.col.expiresAt);
    const rows = await this.select([hashSessionToken(token), now]);
    const m = rows[0];
    if (!m) throw new UnauthorizedError('Session expired, revoked or unknown; log in again');
    const assistantName = m.assistantId === null ? null : await this.deps.staffNames.nameOf(Number(m.assistantId));
    const bool = (v: unknown) => driver.prepareHydratedValue(v, this.col.bool) as boolean | null;
    const date = (v: unknown) => driver.prepareHydratedValue(v, this.col.date) as Date;
    // Consents in force, newest first (grantedAt, then id, as MpProfileService.view): the first of each purpose is shown.
    const granted = rows
      .filter((r) => r.consentPurpose !== null)
      .map((r) => ({ r, at: date(r.consentGrantedAt), id: Number(r.consentId) }))
      .sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
    const consents: ProfileView['consents'] = [];
    const seen = new Set<string>();
    for (const { r, at } of granted) {
      if (seen.has(r.consentPurpose!)) continue;
      seen.add(r.consentPurpose!);
      consents.push({ purpose: r.consentPurpose!, statement: r.consentStatement ?? '', channel: r.consentChannel ?? '', grantedAt: at.toISOString(), withdrawnAt: null });
    }
    const profile: ProfileView = {
      code: m.code,
      nickname: m.nickname,
      name: m.name,
      phone: m.phoneEnc ? cipher.decrypt(m.phoneEnc) : null,
      gender: m.gender,
      ageRange: m.ageRange,
      birthday:
        m.birthdayCalendar && m.birthMonth && m.birthDay
          ? { calendar: m.birthdayCalendar, year: m.birthYear, month: m.birthMonth, day: m.birthDay, leapMonth: Boolean(bool(m.birthLeapMonth)) }
          : null,
      address: m.addressEnc ? cipher.decrypt(m.addressEnc) : null,
      email: m.email,
      occupation: m.occupation,
      isMother: bool(m.isMother),
      isFather: bool(m.isFather),
      isTeacher: bool(m.isTeacher),
      extra: safeJson(m.profileExtra),
      tier: m.tier,
      lifecycle: m.lifecycle,
      optedOut: Boolean(bool(m.optedOut)),
      assistant: assistantName ? { name: assistantName } : null,
      chatLinked: rows.some((r) => r.chatIdentityId !== null),
      consents,
      memberSince: date(m.createdAt).toISOString(),
    };
    return { auth: { memberId: Number(m.memberId), sessionId: Number(m.sessionId) }, profile };
  }
}
