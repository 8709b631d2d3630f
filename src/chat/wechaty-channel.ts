import type { Message, Wechaty, Friendship } from 'wechaty';
// The same enums wechaty re-exports, without loading wechaty itself (see build()).
import * as types from 'wechaty-puppet/types';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { ChatContactUnknownError, ChatNotFriendError, ChatOfflineError, type ChatChannel, type ChatState, type InboundMessage, type MessageKind } from './ports';

export interface WechatyChannelOptions {
  /** The store account (CHAT_ACCOUNTS id) this bot logs in as; stamped on every inbound message. Default `store`. */
  account?: string;
  /** A puppet instance (mock, tests) or a puppet package name (real WeChat). */
  puppet: ConstructorParameters<typeof Object>[0];
  puppetToken?: string;
  friendAcceptKeyword: string;
  restartMinMs: number;
  restartMaxMs: number;
  clock: Clock;
  log: Logger;
  /** The dev simulator logs the mock account in after each start; real puppets wait for a QR scan. */
  afterStart?: () => void | Promise<void>;
  /** Draw the login QR code in the terminal (default true; the dev simulator has nobody to scan it). */
  printQr?: boolean;
  /** Puppet errors within `errorWindowMs` that make a logged-in bot restart (default 3 within 60 s). */
  errorBurst?: number;
  errorWindowMs?: number;
}

/** Why the channel dropped a message before it reached the handler. */
export type IgnoredReason = 'self' | 'room' | 'official' | 'before_login';

export interface ChannelHandlers {
  onMessage(msg: InboundMessage): Promise<void>;
  onFriendAccepted(contact: { account: string; contactId: string; name: string; alias: string | null }): Promise<void>;
  /** A request without the configured keyword: left for staff to decide in WeChat. */
  onFriendDeclined(contactId: string, account: string): Promise<void>;
  /** A message the channel dropped on purpose (room, official account, the bot's own, replayed history). */
  onIgnored?(messageId: string, contactId: string, reason: IgnoredReason, account: string): void;
}

/** Exponential backoff: min, 2·min, 4·min … capped at max. `attempt` counts from 0. */
export function backoffMs(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
}

export interface LoginQr {
  qrcode: string;
  status: string;
  at: Date;
}

/**
 * Whether a puppet's send error means WeChat refused the text because the contact removed the store
 * account. Puppets only say so in words: WeChat's own notice (开启了朋友验证，你还不是他（她）朋友) or an
 * English "not a friend".
 */
export function isNotFriendRefusal(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /not (a |your )?friend|no longer a friend|friend(ship)? (was )?(removed|deleted)|朋友验证|还不是.{0,6}朋友|不是.{0,3}好友|非好友|已被删除/i.test(text);
}

/** Maps Wechaty message types to the kinds the service knows. */
export function kindOf(type: number): MessageKind {
  switch (type) {
    case types.Message.Text:
      return 'text';
    case types.Message.Image:
      return 'image';
    case types.Message.Audio:
      return 'voice';
    case types.Message.Video:
      return 'video';
    case types.Message.Emoticon:
      return 'sticker';
    case types.Message.Attachment:
      return 'file';
    case types.Message.Url:
      return 'link';
    case types.Message.MiniProgram:
      return 'miniprogram';
    case types.Message.Contact:
      return 'contact_card';
    case types.Message.Location:
      return 'location';
    default:
      return 'other';
  }
}

/**
 * The ChatChannel over Wechaty. Survives logouts and puppet errors: the state is visible on /healthz,
 * the bot restarts with exponential backoff, and messages a puppet replays from before the current
 * login are not answered again.
 */
export class WechatyChannel implements ChatChannel {
  private bot: Wechaty | null = null;
  private current: ChatState = 'stopped';
  private loginAt: Date | null = null;
  private restartAttempts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private handlers: ChannelHandlers | null = null;
  private qr: LoginQr | null = null;
  private recentErrors: number[] = [];
  private readonly stateListeners: ((s: ChatState) => void)[] = [];

  constructor(private readonly opts: WechatyChannelOptions) {}

  /** The store account this bot is. */
  get account(): string {
    return this.opts.account ?? 'store';
  }

  state(): ChatState {
    return this.current;
  }

  isOnline(): boolean {
    return this.current === 'online' && Boolean(this.bot?.isLoggedIn);
  }

  loginQr(): LoginQr | null {
    return this.current === 'online' ? null : this.qr;
  }

  onState(listener: (s: ChatState) => void): void {
    this.stateListeners.push(listener);
  }

  private setState(s: ChatState): void {
    if (this.current === s) return;
    this.current = s;
    this.opts.log.info({ chat: s, account: this.account }, 'chat state');
    for (const l of this.stateListeners) l(s);
  }

  async start(handlers: ChannelHandlers): Promise<void> {
    this.handlers = handlers;
    this.stopping = false;
    await this.boot();
  }

  private build(): Wechaty {
    const { puppet, puppetToken } = this.opts;
    // Loaded on the first start, not at import: wechaty costs about a second of CPU to load, and the
    // service listens (answers /healthz) before it starts the chat (src/main.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WechatyBuilder } = require('wechaty') as typeof import('wechaty');
    const bot =
      typeof puppet === 'string'
        ? WechatyBuilder.build({ puppet: puppet as never, puppetOptions: puppetToken ? { token: puppetToken } : undefined })
        : WechatyBuilder.build({ puppet: puppet as never });
    // Events of a bot that was replaced by a restart (or stopped) are stale: ignore them.
    const current = () => this.bot === bot;
    bot.on('scan', (qrcode, status) => {
      if (!current()) return;
      this.qr = { qrcode, status: types.ScanStatus[status] ?? String(status), at: this.opts.clock.now() };
      this.setState('waiting_login');
      if ((status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) && this.opts.printQr !== false) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const qrTerminal = require('qrcode-terminal') as { generate(text: string, opts: { small: boolean }): void };
        this.opts.log.info({ url: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }, 'scan the QR code to log in (also served at /admin/chat/qrcode)');
        qrTerminal.generate(qrcode, { small: true });
      }
    });
    bot.on('login', () => {
      if (!current()) return;
      this.loginAt = this.opts.clock.now();
      this.restartAttempts = 0;
      this.recentErrors = [];
      this.qr = null;
      this.setState('online');
    });
    bot.on('logout', () => {
      if (!current()) return;
      this.opts.log.warn('chat account logged out');
      this.setState('offline');
      this.scheduleRestart();
    });
    bot.on('error', (err) => {
      if (!current()) return;
      this.opts.log.error({ err: err instanceof Error ? err.message : String(err) }, 'chat puppet error');
      // One error (a payload that failed to load) is not worth dropping the account; a puppet that
      // keeps failing, or one that is no longer logged in, is restarted.
      const now = this.opts.clock.now().getTime();
      const windowMs = this.opts.errorWindowMs ?? 60_000;
      this.recentErrors = [...this.recentErrors.filter((t) => t > now - windowMs), now];
      if (!bot.isLoggedIn || this.recentErrors.length >= (this.opts.errorBurst ?? 3)) {
        this.recentErrors = [];
        this.setState('offline');
        this.scheduleRestart();
      }
    });
    bot.on('message', (message) => {
      if (!current()) return;
      void this.onMessage(message);
    });
    bot.on('friendship', (friendship) => {
      if (!current()) return;
      void this.onFriendship(friendship);
    });
    return bot;
  }

  private async boot(): Promise<void> {
    this.setState('starting');
    try {
      this.bot = this.build();
      await this.bot.start();
      if (!this.bot.isLoggedIn) this.setState('waiting_login');
      await this.opts.afterStart?.();
    } catch (err) {
      this.opts.log.error({ err: (err as Error).message }, 'chat start failed');
      this.setState('offline');
      this.scheduleRestart();
    }
  }

  /** Exponential backoff from restartMinMs to restartMaxMs; back to the minimum after a login. */
  nextBackoffMs(): number {
    return backoffMs(this.restartAttempts, this.opts.restartMinMs, this.opts.restartMaxMs);
  }

  private scheduleRestart(): void {
    if (this.stopping || this.restartTimer) return;
    const delay = this.nextBackoffMs();
    this.restartAttempts += 1;
    this.setState('restarting');
    this.opts.log.info({ delayMs: delay }, 'chat restart scheduled');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.restart();
    }, delay);
    this.restartTimer.unref();
  }

  private async restart(): Promise<void> {
    const old = this.bot;
    this.bot = null;
    if (old) {
      try {
        await old.stop();
      } catch (err) {
        this.opts.log.warn({ err: (err as Error).message }, 'stopping the old bot failed');
      }
    }
    if (!this.stopping) await this.boot();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const bot = this.bot;
    this.bot = null;
    if (bot) {
      try {
        await bot.stop();
      } catch (err) {
        this.opts.log.warn({ err: (err as Error).message }, 'bot stop failed');
      }
    }
    this.setState('stopped');
  }

  private async onMessage(message: Message): Promise<void> {
    if (!this.handlers) return;
    const ignore = (reason: IgnoredReason, contactId: string) => {
      try {
        this.handlers?.onIgnored?.(message.id, contactId, reason, this.account);
      } catch {
        // A listener's failure must not affect the bot.
      }
    };
    try {
      if (message.self()) {
        ignore('self', message.talker()?.id ?? '');
        return;
      }
      const talker = message.talker();
      const room = message.room();
      if (room) {
        this.opts.log.info({ room: room.id, messageId: message.id }, 'group room message ignored');
        ignore('room', talker.id);
        return;
      }
      if (talker.type() === types.Contact.Official || talker.type() === types.Contact.Corporation) {
        this.opts.log.info({ contact: talker.id, messageId: message.id }, 'official account message ignored');
        ignore('official', talker.id);
        return;
      }
      // A puppet may replay history after a re-login; answer only what was sent since. A clock set back
      // after the login (the dev clock) moves the line with it, or every new message would look older.
      const since = this.loginAt && Math.min(this.loginAt.getTime(), this.opts.clock.now().getTime());
      if (since && message.date().getTime() < since - 1000) {
        this.opts.log.info({ messageId: message.id }, 'message from before login ignored');
        ignore('before_login', talker.id);
        return;
      }
      const kind = kindOf(message.type());
      let alias: string | null = null;
      try {
        alias = (await talker.alias()) ?? null;
      } catch {
        alias = null;
      }
      const inbound: InboundMessage = {
        id: message.id,
        account: this.account,
        contactId: talker.id,
        contactName: talker.name() || '',
        contactAlias: alias,
        kind,
        text: kind === 'text' ? message.text() : '',
        sentAt: message.date(),
        loadFile:
          kind === 'image' || kind === 'file' || kind === 'video' || kind === 'voice'
            ? async () => {
                const box = await message.toFileBox();
                return { name: box.name, mediaType: box.mediaType ?? 'application/octet-stream', base64: await box.toBase64() };
              }
            : undefined,
      };
      await this.handlers.onMessage(inbound);
    } catch (err) {
      this.opts.log.error({ err: (err as Error).message, messageId: message.id }, 'inbound message dropped');
    }
  }

  private async onFriendship(friendship: Friendship): Promise<void> {
    if (!this.handlers) return;
    try {
      if (friendship.type() !== types.Friendship.Receive) return;
      const keyword = this.opts.friendAcceptKeyword.trim();
      if (keyword && !(friendship.hello() ?? '').includes(keyword)) {
        this.opts.log.info('friend request without the keyword left for staff');
        await this.handlers.onFriendDeclined(friendship.contact().id, this.account);
        return;
      }
      await friendship.accept();
      const contact = friendship.contact();
      let alias: string | null = null;
      try {
        alias = (await contact.alias()) ?? null;
      } catch {
        alias = null;
      }
      await this.handlers.onFriendAccepted({ account: this.account, contactId: contact.id, name: contact.name() || '', alias });
    } catch (err) {
      this.opts.log.error({ err: (err as Error).message }, 'friend request handling failed');
    }
  }

  private requireBot(): Wechaty {
    if (!this.bot || !this.isOnline()) throw new ChatOfflineError();
    return this.bot;
  }

  async sendText(contactId: string, text: string): Promise<void> {
    const bot = this.requireBot();
    const contact = await bot.Contact.find({ id: contactId });
    if (!contact) throw new ChatContactUnknownError();
    // The account may have dropped during the lookup: say so while nothing has been handed over yet,
    // rather than let the puppet fail in a way that leaves unknown whether the text left.
    this.requireBot();
    try {
      await contact.say(text);
    } catch (err) {
      if (isNotFriendRefusal(err)) throw new ChatNotFriendError();
      throw err;
    }
  }

  async sendRoomText(roomId: string, text: string): Promise<void> {
    const bot = this.requireBot();
    const room = await bot.Room.find({ id: roomId });
    if (!room) throw new ChatContactUnknownError();
    this.requireBot();
    await room.say(text);
  }

  async setRemark(contactId: string, remark: string): Promise<void> {
    const bot = this.requireBot();
    const contact = await bot.Contact.find({ id: contactId });
    if (contact) await contact.alias(remark);
  }
}
