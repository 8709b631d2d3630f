import type { DataSource } from 'typeorm';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { AccountLeaseKeeper } from './account-lease';
import type { ChatAccounts } from './chat-accounts';

/** What starts and stops one account's bot (the account registry, ChatAccounts). */
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

/**
 * The store's chat accounts under leases: one keeper for all of them; each account's bot runs on the
 * instance that holds it, and writes its state and login QR on the lease row for every instance to show.
 * `keeper.start()` replaces starting every account; `keeper.stop()` stops the bots and releases.
 */
export function leaseChatAccounts(deps: { ds: DataSource; clock: Clock; log: Logger; accounts: ChatAccounts; leaseSeconds: number }): AccountLeaseKeeper {
  const { accounts } = deps;
  const keeper = new AccountLeaseKeeper({ ds: deps.ds, clock: deps.clock, log: deps.log, accounts: accounts.ids(), leaseSeconds: deps.leaseSeconds });
  for (const id of accounts.ids()) {
    const channel = accounts.channel(id)!;
    channel.onState((state) => void keeper.report(id, state, channel.loginQr()?.qrcode ?? null));
  }
  holdAccountsByLease(keeper, accounts);
  return keeper;
}
