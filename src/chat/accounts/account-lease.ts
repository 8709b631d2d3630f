import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../db/sql-dialect';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { ChatAccountLease } from './chat-account-lease.entity';

/** What the wiring is told when this instance starts or stops holding an account. */
export interface LeaseListener {
  gained(account: string, token: number): Promise<void> | void;
  lost(account: string): Promise<void> | void;
}

/** What senders and claimers need to know of the lease (outbox claims, the notifier). */
export interface LeaseView {
  readonly instanceId: string;
  /** The fencing token this instance holds the account under, or null when it does not (surely) hold it. */
  tokenOf(account: string): number | null;
  held(account: string): boolean;
  /**
   * The token, checked before a send or claim: from memory while surely valid; past that (a pause, a
   * clock that jumped) only after renewing it in the database, conditionally on holder and token, so
   * it comes back only if nobody took the account meanwhile. Null when this instance does not hold it.
   */
  confirm(account: string): Promise<number | null>;
}

export interface AccountLeaseDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  accounts: readonly string[];
  leaseSeconds: number;
  /** Defaults to hostname:pid:random. */
  instanceId?: string;
}

interface Holding {
  token: number;
  /** Local view: until when this instance may act as the holder (the expiry it last wrote, minus a margin). */
  safeUntil: number;
  expiresAt: number;
}

export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * One holder per chat account across instances, through the `chat_account_lease` row: every third of
 * the lease time the keeper renews what it holds (a conditional UPDATE on holder and token: no row
 * changed means another instance took it) and takes what is free or expired (token + 1). Expiry is
 * judged on the injected clock. `held()` answers from memory and turns false a margin before the expiry
 * last written, so a process that was paused (and may have lost the account meanwhile) stops sending
 * before anyone else can have taken over.
 */
export class AccountLeaseKeeper implements LeaseView {
  readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly marginMs: number;
  private readonly holdings = new Map<string, Holding>();
  private readonly listeners: LeaseListener[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: AccountLeaseDeps) {
    this.instanceId = (deps.instanceId ?? newInstanceId()).slice(0, 128);
    this.leaseMs = deps.leaseSeconds * 1000;
    this.marginMs = Math.floor(this.leaseMs / 3);
  }

  listen(listener: LeaseListener): void {
    this.listeners.push(listener);
  }

  tokenOf(account: string): number | null {
    const h = this.holdings.get(account);
    if (!h || this.deps.clock.now().getTime() >= h.safeUntil) return null;
    return h.token;
  }

  held(account: string): boolean {
    return this.tokenOf(account) !== null;
  }

  async confirm(account: string): Promise<number | null> {
    const known = this.tokenOf(account);
    if (known !== null || !this.holdings.has(account) || this.stopped) return known;
    try {
      await this.renew(account);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, account }, 'chat lease: renewal before a send failed');
    }
    return this.tokenOf(account);
  }

  /** `instance#token` of the holding this instance last had of the account: who answers a message (inbound-claims.ts). */
  holderTag(account: string): string | null {
    const h = this.holdings.get(account);
    return h ? `${this.instanceId}#${h.token}` : null;
  }

  /** Accounts this instance holds now (by memory). */
  heldAccounts(): string[] {
    return [...this.holdings.keys()].filter((a) => this.held(a));
  }

  /**
   * Renewals every third of the lease from now on, and a first round at once (a single instance takes its
   * accounts right away; their bots start in the background, so a slow login never delays a renewal).
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.resume();
    await this.tick();
  }

  /** Stops renewing without releasing: what a paused or hung process looks like (tests use it). */
  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  resume(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), Math.max(200, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  /** One round: renew, then take. Rounds never overlap (a slow database must not make two at once). */
  tick(): Promise<void> {
    this.ticking ??= this.round().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async round(): Promise<void> {
    for (const account of this.deps.accounts) {
      if (this.stopped) return;
      try {
        if (this.holdings.has(account)) await this.renew(account);
        else await this.take(account);
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message, account }, 'chat lease round failed');
        // The database is unreachable: once the expiry written last has passed, another instance may hold it.
        const h = this.holdings.get(account);
        if (h && this.deps.clock.now().getTime() >= h.expiresAt) await this.drop(account);
      }
    }
  }

  private get q() {
    return (column: string) => this.deps.ds.driver.escape(column);
  }

  private async renew(account: string): Promise<void> {
    const h = this.holdings.get(account)!;
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.leaseMs);
    const r = await this.deps.ds
      .createQueryBuilder()
      .update(ChatAccountLease)
      .set({ expiresAt, heartbeatAt: now, updatedAt: now })
      .where('account = :account AND holder = :holder AND token = :token', { account, holder: this.instanceId, token: h.token })
      .execute();
    // MySQL counts changed rows, not matched ones (unless the client asks for found rows): a renewal
    // at the same instant as the last one (a frozen test clock) changes nothing yet holds.
    if ((r.affected ?? 0) === 0 && !(await this.deps.ds.getRepository(ChatAccountLease).existsBy({ account, holder: this.instanceId, token: h.token }))) {
      this.deps.log.warn({ account, token: h.token }, 'chat lease lost: another instance holds the account');
      await this.drop(account);
      return;
    }
    this.holdings.set(account, { token: h.token, expiresAt: expiresAt.getTime(), safeUntil: expiresAt.getTime() - this.marginMs });
  }

  private async take(account: string): Promise<void> {
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.leaseMs);
    const q = this.q;
    const repo = this.deps.ds.getRepository(ChatAccountLease);
    const r = await this.deps.ds
      .createQueryBuilder()
      .update(ChatAccountLease)
      .set({ holder: this.instanceId, token: () => `${q('token')} + 1`, expiresAt, heartbeatAt: now, chatState: 'starting', loginQr: null, updatedAt: now })
      .where(`${q('account')} = :account AND (${q('holder')} IS NULL OR ${q('expiresAt')} < :now)`, { account, now })
      .execute();
    let token: number | null = null;
    if ((r.affected ?? 0) > 0) {
      const row = await repo.findOneBy({ account, holder: this.instanceId });
      token = row?.token ?? null;
    } else if (!(await repo.existsBy({ account }))) {
      try {
        await repo.insert({ account, holder: this.instanceId, token: 1, expiresAt, heartbeatAt: now, chatState: 'starting', loginQr: null, updatedAt: now });
        token = 1;
      } catch (err) {
        // Another instance made the row first: it holds the account.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    if (token === null) return;
    this.holdings.set(account, { token, expiresAt: expiresAt.getTime(), safeUntil: expiresAt.getTime() - this.marginMs });
    this.deps.log.info({ account, token, instance: this.instanceId }, 'chat lease gained');
    // Not awaited: a bot's start (a puppet login) may take longer than the lease, and renewals must go on.
    for (const l of this.listeners) {
      void Promise.resolve()
        .then(() => l.gained(account, token))
        .catch((err: unknown) => this.deps.log.error({ err: (err as Error).message, account }, 'starting a chat account failed'));
    }
  }

  private async drop(account: string): Promise<void> {
    this.holdings.delete(account);
    for (const l of this.listeners) {
      try {
        await l.lost(account);
      } catch (err) {
        this.deps.log.error({ err: (err as Error).message, account }, 'stopping a chat account failed');
      }
    }
  }

  private reports: Promise<void> = Promise.resolve();

  /** The holder's view of its bot, written on its row so that every instance can show it (in the order seen). */
  report(account: string, chatState: string, loginQr: string | null): Promise<void> {
    this.reports = this.reports.then(() => this.writeReport(account, chatState, loginQr));
    return this.reports;
  }

  private async writeReport(account: string, chatState: string, loginQr: string | null): Promise<void> {
    const h = this.holdings.get(account);
    if (!h) return;
    try {
      await this.deps.ds
        .createQueryBuilder()
        .update(ChatAccountLease)
        .set({ chatState: chatState.slice(0, 16), loginQr, updatedAt: this.deps.clock.now() })
        .where('account = :account AND holder = :holder AND token = :token', { account, holder: this.instanceId, token: h.token })
        .execute();
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, account }, 'chat lease: could not record the chat state');
    }
  }

  /** Every account's row: who holds it until when, and its bot's state (for /healthz on any instance). */
  snapshot(): Promise<ChatAccountLease[]> {
    return this.deps.ds.getRepository(ChatAccountLease).find({ order: { account: 'ASC' } });
  }

  /**
   * Graceful stop: each held account's bot is stopped first (never two logins at once), then its row is
   * released with an expiry of now, so another instance takes it at its next round.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pause();
    await this.ticking;
    await this.reports;
    for (const [account, h] of [...this.holdings]) {
      await this.drop(account);
      try {
        const now = this.deps.clock.now();
        await this.deps.ds
          .createQueryBuilder()
          .update(ChatAccountLease)
          .set({ holder: null, expiresAt: now, chatState: 'stopped', loginQr: null, updatedAt: now })
          .where('account = :account AND holder = :holder AND token = :token', { account, holder: this.instanceId, token: h.token })
          .execute();
        this.deps.log.info({ account }, 'chat lease released');
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message, account }, 'chat lease: release failed; it lapses by itself');
      }
    }
  }
}
