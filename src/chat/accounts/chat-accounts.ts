import type { Config } from '../../config';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { ChatChannels, ChatState } from '../ports';
import { WechatyChannel, type ChannelHandlers, type LoginQr } from '../wechaty-channel';
import type { ChatAccountConfig } from './chat-accounts.config-schema';

/** A puppet made for one account by the caller (dev mode: that account's own simulated WeChat). */
export interface AccountPuppet {
  puppet: object;
  /** The dev simulator logs the mock account in after each start. */
  afterStart?: () => void | Promise<void>;
}

export interface ChatAccountsOptions {
  accounts: readonly ChatAccountConfig[];
  friendAcceptKeyword: string;
  restartMinMs: number;
  restartMaxMs: number;
  clock: Clock;
  log: Logger;
  /** Dev mode: every account gets its own mock puppet from here; otherwise each uses its configured package. */
  mockPuppet?: (account: ChatAccountConfig) => AccountPuppet;
}

/** One account as staff see it (/healthz, /admin/chat/accounts). */
export interface ChatAccountView {
  id: string;
  name: string;
  dailyLimit: number;
  state: ChatState;
  loginQr: LoginQr | null;
  /** Whether this instance runs the account's bot. */
  running: boolean;
}

interface Entry {
  config: ChatAccountConfig;
  channel: WechatyChannel;
  running: boolean;
}

/**
 * The store's WeChat accounts: one Wechaty bot (WechatyChannel) per configured account, each with its
 * own puppet and login. Starting or stopping one account is one call, so whoever decides which accounts
 * this instance runs (today: all of them) changes one line.
 */
export class ChatAccounts implements ChatChannels {
  private readonly entries = new Map<string, Entry>();
  private handlers: ChannelHandlers | null = null;

  constructor(opts: ChatAccountsOptions) {
    for (const config of opts.accounts) {
      const mock = opts.mockPuppet?.(config);
      const channel = new WechatyChannel({
        account: config.id,
        puppet: mock ? mock.puppet : config.puppet,
        puppetToken: config.puppetToken,
        friendAcceptKeyword: opts.friendAcceptKeyword,
        restartMinMs: opts.restartMinMs,
        restartMaxMs: opts.restartMaxMs,
        clock: opts.clock,
        log: opts.log,
        afterStart: mock?.afterStart,
        // Nobody scans a simulated account's QR code.
        printQr: !mock,
      });
      this.entries.set(config.id, { config, channel, running: false });
    }
    if (!this.entries.size) throw new Error('at least one chat account is required');
  }

  ids(): readonly string[] {
    return [...this.entries.keys()];
  }

  /** The store's main account: group rooms, and the default wherever no account is named. */
  first(): string {
    return this.ids()[0];
  }

  has(account: string): boolean {
    return this.entries.has(account);
  }

  config(account: string): ChatAccountConfig | null {
    return this.entries.get(account)?.config ?? null;
  }

  channel(account: string): WechatyChannel | null {
    return this.entries.get(account)?.channel ?? null;
  }

  /** The inbound pipeline every account's bot reports to; set before any account starts. */
  use(handlers: ChannelHandlers): void {
    this.handlers = handlers;
  }

  async startAccount(account: string): Promise<void> {
    const entry = this.entries.get(account);
    if (!entry || entry.running) return;
    if (!this.handlers) throw new Error('chat accounts: no inbound handlers set');
    entry.running = true;
    await entry.channel.start(this.handlers);
  }

  async stopAccount(account: string): Promise<void> {
    const entry = this.entries.get(account);
    if (!entry?.running) return;
    entry.running = false;
    await entry.channel.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.ids().map((id) => this.stopAccount(id)));
  }

  /** The accounts whose bot runs on this instance (the ones it sends from). */
  running(): ChatAccountConfig[] {
    return [...this.entries.values()].filter((e) => e.running).map((e) => e.config);
  }

  /** With an account: whether it is logged in here; without: whether any account is. */
  isOnline(account?: string): boolean {
    if (account !== undefined) return Boolean(this.entries.get(account)?.channel.isOnline());
    return [...this.entries.values()].some((e) => e.channel.isOnline());
  }

  states(): ChatAccountView[] {
    return [...this.entries.values()].map((e) => ({
      id: e.config.id,
      name: e.config.name,
      dailyLimit: e.config.dailyLimit,
      state: e.channel.state(),
      loginQr: e.channel.loginQr(),
      running: e.running,
    }));
  }
}

/** The store's accounts as configured (CHAT_ACCOUNTS): what the composition root calls. */
export function buildChatAccounts(
  config: Pick<Readonly<Config>, 'chatAccounts' | 'FRIEND_ACCEPT_KEYWORD' | 'CHAT_RESTART_MIN_MS' | 'CHAT_RESTART_MAX_MS'>,
  deps: { clock: Clock; log: Logger; mockPuppet?: (account: ChatAccountConfig) => AccountPuppet },
): ChatAccounts {
  return new ChatAccounts({
    accounts: config.chatAccounts,
    friendAcceptKeyword: config.FRIEND_ACCEPT_KEYWORD,
    restartMinMs: config.CHAT_RESTART_MIN_MS,
    restartMaxMs: config.CHAT_RESTART_MAX_MS,
    clock: deps.clock,
    log: deps.log,
    mockPuppet: deps.mockPuppet,
  });
}
