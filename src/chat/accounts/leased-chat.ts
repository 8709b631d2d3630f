import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { ChannelChatNotifier } from '../chat-notifier';
import { WechatyChannel, type ChannelHandlers, type WechatyChannelOptions } from '../wechaty-channel';
import { AccountLeaseKeeper } from './account-lease';

/** What starts and stops one account's bot; A's account registry has the same two methods. */
export interface AccountStarter {
  startAccount(id: string): Promise<void>;
  stopAccount(id: string): Promise<void>;
}

/**
 * Runs each account's bot only while this instance holds the account's lease: started when the lease
 * is gained, stopped when it is lost (or released by a graceful stop). Starts and stops of one account
 * are chained, so a loss during a slow start stops the bot that start brought up.
 */
export function holdAccountsByLease(keeper: AccountLeaseKeeper, accounts: AccountStarter): void {
  const chains = new Map<string, Promise<void>>();
  const chain = (id: string, step: () => Promise<void>): Promise<void> => {
    const next = (chains.get(id) ?? Promise.resolve()).then(step, step);
    chains.set(id, next);
    return next;
  };
  keeper.listen({
    gained: (id) => chain(id, () => accounts.startAccount(id)),
    lost: (id) => chain(id, () => accounts.stopAccount(id)),
  });
}

export interface LeasedChat {
  channel: WechatyChannel;
  notifier: ChannelChatNotifier;
  lease: AccountLeaseKeeper;
  /** Takes part in the lease; the bot starts once this instance holds the account. */
  start(handlers: ChannelHandlers): Promise<void>;
  /** Stops the bot and releases the lease, so another instance takes the account at once. */
  stop(): Promise<void>;
}

/**
 * The chat transport of one account (today's single account) under its lease: the Wechaty channel,
 * the notifier whose every send is refused as offline unless this instance surely holds the account,
 * and the keeper. The bot writes its state and login QR on the lease row for every instance to show.
 */
export function createLeasedChat(deps: {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  config: Readonly<Config>;
  account: string;
  /** The dev world's mock puppet and its set-up after a start; absent, the configured puppet (QR printed). */
  mock?: { puppet: WechatyChannelOptions['puppet']; afterStart: () => void | Promise<void> };
}): LeasedChat {
  const { ds, clock, log, account, config, mock } = deps;
  const channel = new WechatyChannel({
    puppet: mock ? mock.puppet : config.WECHATY_PUPPET,
    puppetToken: config.WECHATY_PUPPET_SERVICE_TOKEN,
    friendAcceptKeyword: config.FRIEND_ACCEPT_KEYWORD,
    restartMinMs: config.CHAT_RESTART_MIN_MS,
    restartMaxMs: config.CHAT_RESTART_MAX_MS,
    clock,
    log,
    afterStart: mock?.afterStart,
    printQr: !mock,
  });
  const lease = new AccountLeaseKeeper({ ds, clock, log, accounts: [account], leaseSeconds: config.CHAT_LEASE_SECONDS });
  const notifier = new ChannelChatNotifier(ds, channel, clock, log, { account, lease });
  channel.onState((state) => void lease.report(account, state, channel.loginQr()?.qrcode ?? null));
  let handlers: ChannelHandlers | null = null;
  holdAccountsByLease(lease, {
    startAccount: async () => {
      if (handlers) await channel.start(handlers);
    },
    stopAccount: () => channel.stop(),
  });
  return {
    channel,
    notifier,
    lease,
    async start(h) {
      handlers = h;
      await lease.start();
    },
    async stop() {
      await lease.stop();
      // Never held (or already lost): the bot is stopped all the same.
      await channel.stop();
    },
  };
}
