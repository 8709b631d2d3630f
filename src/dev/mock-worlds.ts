import type { AccountPuppet, ChatAccountConfig, ChatMessageHandler } from '../chat';
import type { Clock } from '../shared/clock';
import { ChatSimulator } from './chat-simulator';
import { MockChatWorld } from './mock-chat';

/**
 * Dev mode's simulated WeChat: one world (mock puppet, store contact, simulated people) per store
 * account, so each account logs in, is written to and answers on its own.
 */
export class MockChatWorlds {
  private readonly worlds = new Map<string, MockChatWorld>();

  constructor(private readonly clock: Clock) {}

  /** The puppet of one account (what the chat accounts builder asks for in dev mode). */
  readonly puppetFor = (account: ChatAccountConfig): AccountPuppet => {
    // The first account keeps the store contact the simulator always had; the others get their own.
    const world = new MockChatWorld(this.clock, this.worlds.size ? { contactId: `laoke-store-${account.id}`, name: account.name } : {});
    this.worlds.set(account.id, world);
    return { puppet: world.puppet, afterStart: () => world.afterStart() };
  };

  ids(): string[] {
    return [...this.worlds.keys()];
  }

  get(account: string): MockChatWorld | null {
    return this.worlds.get(account) ?? null;
  }

  /** The first account's world. */
  first(): MockChatWorld {
    return this.worlds.values().next().value!;
  }

  /** A simulator for every account, on the one inbound pipeline. */
  simulators(handler: ChatMessageHandler): Map<string, ChatSimulator> {
    return new Map([...this.worlds].map(([id, world]) => [id, new ChatSimulator(world, handler)]));
  }
}
