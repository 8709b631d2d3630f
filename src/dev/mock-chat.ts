import { randomUUID } from 'node:crypto';
import { FileBox } from 'file-box';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import * as PUPPET from 'wechaty-puppet';
import type { Clock } from '../shared/clock';

/**
 * A fault armed on the next send to one contact, as real puppets show them:
 * - `fail_after_delivery`: the text reaches the contact, then the call fails (a timeout waiting for the
 *   server's confirmation), so the sender cannot know it arrived;
 * - `logout_on_lookup`: the account drops while the bot looks the contact up, before anything is handed
 *   over (works on the first lookup of a contact the bot has not met yet: later ones are cached);
 * - `hang_before_delivery`: the call never returns and nothing arrives (a stuck puppet connection): the
 *   bot is caught mid-answer, as when its process is killed there.
 */
export type MockSendFault = 'fail_after_delivery' | 'logout_on_lookup' | 'hang_before_delivery';

/**
 * The mock puppet with what the stock mock leaves out: it remembers the remark the bot sets on a
 * contact, keeps friend-request payloads so a request can be accepted, and can fail a send on demand.
 */
class DevPuppetMock extends PuppetMock {
  readonly friendships = new Map<string, PUPPET.payloads.Friendship>();
  readonly sendFaults = new Map<string, MockSendFault>();
  /** Contacts who removed the store account (删除好友): WeChat refuses texts to them. */
  readonly removedBy = new Set<string>();

  private takeFault(contactId: string, fault: MockSendFault): boolean {
    if (this.sendFaults.get(contactId) !== fault) return false;
    this.sendFaults.delete(contactId);
    return true;
  }

  override async messageSendText(conversationId: string, text: string): Promise<void> {
    // What WeChat answers a text to someone who deleted the sender.
    if (this.removedBy.has(conversationId)) throw new Error('对方开启了朋友验证，你还不是他（她）朋友。请先发送朋友验证请求，对方验证通过后，才能聊天。');
    if (this.takeFault(conversationId, 'hang_before_delivery')) await new Promise<never>(() => undefined);
    await super.messageSendText(conversationId, text);
    if (this.takeFault(conversationId, 'fail_after_delivery')) throw new Error('timed out waiting for the server to confirm the message');
  }

  override contactAlias(contactId: string): Promise<string>;
  override contactAlias(contactId: string, alias: string | null): Promise<void>;
  override async contactAlias(contactId: string, alias?: string | null): Promise<void | string> {
    const payload = this.mocker.contactPayload(contactId);
    if (alias === undefined) return payload.alias ?? '';
    this.mocker.contactPayload(contactId, { ...payload, alias: alias ?? undefined });
    // Wechaty caches contact payloads; drop the cache so the next read sees the remark.
    await this.contactPayloadDirty(contactId);
  }

  /** In the simulated world every contact the bot writes to exists (staff are friends of the store account). */
  override async contactRawPayload(id: string): Promise<PUPPET.payloads.Contact> {
    if (this.takeFault(id, 'logout_on_lookup')) await this.logout('simulated drop while looking a contact up');
    if (!this.mocker.cacheContactPayload.has(id) && !id.endsWith('@chatroom')) {
      this.mocker.createContact({ id, name: id, alias: undefined, phone: [], address: undefined });
    }
    return this.mocker.contactPayload(id);
  }

  override async friendshipRawPayload(id: string): Promise<PUPPET.payloads.Friendship> {
    const payload = this.friendships.get(id);
    if (!payload) throw new Error(`unknown friendship ${id}`);
    return payload;
  }

  override async friendshipRawPayloadParser(raw: PUPPET.payloads.Friendship): Promise<PUPPET.payloads.Friendship> {
    return raw;
  }
}

export type MockAttachmentKind = 'image' | 'voice' | 'video' | 'sticker' | 'file' | 'link' | 'miniprogram';

const ATTACHMENT_TYPES: Record<MockAttachmentKind, PUPPET.types.Message> = {
  image: PUPPET.types.Message.Image,
  voice: PUPPET.types.Message.Audio,
  video: PUPPET.types.Message.Video,
  sticker: PUPPET.types.Message.Emoticon,
  file: PUPPET.types.Message.Attachment,
  link: PUPPET.types.Message.Url,
  miniprogram: PUPPET.types.Message.MiniProgram,
};

/** A 1×1 PNG: what a simulated photo carries. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/**
 * The dev/test chat world: a mock WeChat with the store account and simulated contacts. The bot code
 * path is the real one; only the puppet differs.
 */
export class MockChatWorld {
  readonly mocker: InstanceType<typeof mock.Mocker>;
  readonly puppet: DevPuppetMock;
  /** The store account's own contact in this world (each store account is a world of its own). */
  readonly storeContactId: string;
  /**
   * Whether the store account logs itself in after each (re)start, as if someone scanned the QR code
   * at once. Turn it off to see the service wait for a login (`login()` then finishes it).
   */
  autoLogin = true;
  private scans = 0;

  constructor(
    private readonly clock: Clock,
    store: { contactId?: string; name?: string } = {},
  ) {
    this.storeContactId = store.contactId ?? 'laoke-store';
    this.mocker = new mock.Mocker();
    this.puppet = new DevPuppetMock({ mocker: this.mocker });
    this.mocker.createContact({ id: this.storeContactId, name: store.name ?? '老客小店', alias: undefined, phone: [], address: undefined });
  }

  /** What the service does after each start of the bot: ask for a scan, then (by default) log in. */
  afterStart(): void {
    this.showLoginQr();
    if (this.autoLogin) this.login();
  }

  /** The puppet asks for a QR scan, as a real one does while nobody is logged in. */
  showLoginQr(): void {
    this.scans += 1;
    const qrcode = `https://login.weixin.qq.com/l/${this.storeContactId}-dev-${this.scans}`;
    this.puppet.emit('scan', { qrcode, status: PUPPET.types.ScanStatus.Waiting });
  }

  /** Logs the store account in (the mock's stand-in for scanning the QR code). */
  login(): void {
    this.mocker.login(this.mocker.ContactMock.load(this.storeContactId));
  }

  async logout(reason = 'simulated logout'): Promise<void> {
    await this.puppet.logout(reason);
  }

  emitError(message: string, times = 1): void {
    for (let i = 0; i < times; i += 1) this.puppet.emit('error', { data: message });
  }

  /** Sends a text as the group room `roomId` member `from` (the bot ignores group chat). */

  ensureContact(c: { id: string; name: string; alias?: string | null; type?: 'individual' | 'official' }): void {
    const existing = this.mocker.cacheContactPayload.get(c.id);
    // Without a type, an existing contact keeps theirs (an official account stays one).
    const type =
      c.type === undefined && existing
        ? existing.type
        : c.type === 'official'
          ? PUPPET.types.Contact.Official
          : PUPPET.types.Contact.Individual;
    if (existing) {
      if (existing.name !== c.name || (c.alias !== undefined && existing.alias !== (c.alias ?? undefined)) || existing.type !== type) {
        this.mocker.contactPayload(c.id, { ...existing, name: c.name, alias: c.alias === undefined ? existing.alias : c.alias ?? undefined, type });
        void this.puppet.contactPayloadDirty(c.id);
      }
      return;
    }
    // Contact payloads carry no phone or address here: simulated people are only a name.
    this.mocker.createContact({ id: c.id, name: c.name, alias: c.alias ?? undefined, type, phone: [], address: undefined });
  }

  private emit(payload: Partial<PUPPET.payloads.Message> & { talkerId: string }, id: string = randomUUID()): string {
    const full = {
      id,
      timestamp: this.clock.now().getTime(),
      type: PUPPET.types.Message.Text,
      listenerId: this.storeContactId,
      ...payload,
    } as PUPPET.payloads.Message;
    this.mocker.MessageMock.create(full);
    this.puppet.emit('message', { messageId: id });
    return id;
  }

  /** Delivers a text to the store account from a contact; returns the message id. */
  sendText(from: { id: string; name: string }, text: string, opts: { id?: string; sentAt?: Date } = {}): string {
    this.ensureContact(from);
    return this.emit({ talkerId: from.id, text, type: PUPPET.types.Message.Text, timestamp: (opts.sentAt ?? this.clock.now()).getTime() }, opts.id);
  }

  /** Re-delivers a message id the puppet already delivered (as some puppets do after a hiccup). */
  redeliver(messageId: string): void {
    this.puppet.emit('message', { messageId });
  }

  sendAttachment(from: { id: string; name: string }, kind: MockAttachmentKind, id: string = randomUUID()): string {
    this.ensureContact(from);
    if (kind === 'image' || kind === 'file') {
      const box = kind === 'image' ? FileBox.fromBase64(TINY_PNG, 'photo.png') : FileBox.fromBase64(Buffer.from('receipt').toString('base64'), 'receipt.pdf');
      this.mocker.cacheFileBoxPayload.set(id, box.toJSON());
    }
    return this.emit({ talkerId: from.id, type: ATTACHMENT_TYPES[kind], text: kind === 'link' ? 'https://example.invalid/article' : undefined }, id);
  }

  sendInRoom(from: { id: string; name: string }, roomId: string, text: string, id: string = randomUUID()): string {
    this.ensureContact(from);
    if (!this.mocker.cacheRoomPayload.has(roomId)) {
      this.mocker.createRoom({ id: roomId, topic: '店员群', memberIdList: [from.id, this.storeContactId], adminIdList: [] });
    }
    return this.emit({ talkerId: from.id, roomId, listenerId: undefined, text, type: PUPPET.types.Message.Text }, id);
  }

  /** The contact deletes the store account from their WeChat friends (删除好友); nothing tells the bot until it sends. */
  removeStore(contactId: string): void {
    this.puppet.removedBy.add(contactId);
  }

  isRemovedBy(contactId: string): boolean {
    return this.puppet.removedBy.has(contactId);
  }

  /** A stranger (or someone who deleted the store account) adds the store account, with a greeting. */
  friendRequest(from: { id: string; name: string }, hello: string): string {
    this.ensureContact(from);
    this.puppet.removedBy.delete(from.id);
    const id = randomUUID();
    this.puppet.friendships.set(id, {
      id,
      contactId: from.id,
      hello,
      timestamp: this.clock.now().getTime(),
      type: PUPPET.types.Friendship.Receive,
      ticket: id,
    } as PUPPET.payloads.Friendship);
    this.puppet.emit('friendship', { friendshipId: id });
    return id;
  }

  /** Arms a fault on the next send to a contact (see MockSendFault). */
  failNextSend(contactId: string, fault: MockSendFault): void {
    this.puppet.sendFaults.set(contactId, fault);
  }

  /** Texts the store account really handed to a contact, oldest first, whatever the bot logged. */
  deliveredTo(contactId: string): string[] {
    return [...this.mocker.cacheMessagePayload.values()]
      .filter((m) => m.talkerId === this.storeContactId && m.listenerId === contactId && m.type === PUPPET.types.Message.Text)
      .map((m) => m.text ?? '');
  }

  aliasOf(contactId: string): string | null {
    return this.mocker.cacheContactPayload.get(contactId)?.alias ?? null;
  }
}
