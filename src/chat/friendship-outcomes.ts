import { EventEmitter } from 'node:events';

/**
 * Friend requests decided by the channel, told to whoever waits for one (the dev simulator answers a
 * simulated request once the bot has accepted or declined it).
 */
export class FriendshipOutcomes {
  private readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(1000);
  }

  decided(contactId: string, accepted: boolean): void {
    this.events.emit(contactId, accepted);
  }

  waitFor(contactId: string, timeoutMs: number): Promise<{ accepted: boolean }> {
    return new Promise((resolve) => {
      const done = (accepted: boolean) => {
        clearTimeout(timer);
        resolve({ accepted });
      };
      const timer = setTimeout(() => {
        this.events.off(contactId, done);
        resolve({ accepted: false });
      }, timeoutMs);
      this.events.once(contactId, done);
    });
  }
}
