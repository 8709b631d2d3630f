import type { ChatMessageHandler, HandledEvent } from '../chat';
import { UnavailableError } from '../shared/errors';
import type { MockAttachmentKind, MockChatWorld } from './mock-chat';

export interface SimContact {
  id: string;
  name: string;
}

let counter = 0;
const nextId = () => `sim-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * Says something to the bot as a contact and waits until the bot has finished with it: the dev
 * routes and the integration tests both drive chat through this, on the real handler.
 */
export class ChatSimulator {
  constructor(
    private readonly world: MockChatWorld,
    private readonly handler: ChatMessageHandler,
    private readonly timeoutMs = 15_000,
  ) {}

  private deliver(messageId: string, send: () => void): Promise<HandledEvent> {
    return new Promise<HandledEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new UnavailableError('The bot did not answer in time (is the chat account online?)'));
      }, this.timeoutMs);
      const off = this.handler.onHandled((e) => {
        if (e.messageId !== messageId) return;
        off();
        clearTimeout(timer);
        resolve(e);
      });
      try {
        send();
      } catch (err) {
        off();
        clearTimeout(timer);
        reject(err);
      }
    });
  }

  /** `opts.id`: the message id, to deliver a message again as WeChat does after a re-login (by default a new one). */
  say(from: SimContact, text: string, opts: { sentAt?: Date; id?: string } = {}): Promise<HandledEvent> {
    const id = opts.id ?? nextId();
    return this.deliver(id, () => this.world.sendText(from, text, { id, sentAt: opts.sentAt }));
  }

  send(from: SimContact, kind: MockAttachmentKind): Promise<HandledEvent> {
    const id = nextId();
    return this.deliver(id, () => this.world.sendAttachment(from, kind, id));
  }

  /** A message in a group room the store account is in (the bot ignores group chat). */
  sayInRoom(from: SimContact, roomId: string, text: string): Promise<HandledEvent> {
    const id = nextId();
    return this.deliver(id, () => this.world.sendInRoom(from, roomId, text, id));
  }

  /** Delivers an already delivered message id again and waits for the bot to (not) handle it. */
  redeliver(messageId: string): Promise<HandledEvent> {
    return this.deliver(messageId, () => this.world.redeliver(messageId));
  }
}
