import { createHash, randomBytes } from 'node:crypto';
import { type DataSource, IsNull } from 'typeorm';
import type { Clock } from '../shared/clock';
import { NotFoundError, UnauthorizedError } from '../shared/errors';
import { ConsoleSession } from './console/console-session.entity';
import { ConsoleSignInCode } from './console/sign-in-code.entity';
import { StaffToken } from './staff-token.entity';
import { Staff, type StaffRole } from './staff.entity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Staff accounts, their WeChat contacts and their API tokens. */
export class StaffService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  get repo() {
    return this.ds.getRepository(Staff);
  }

  async findByContact(contactId: string): Promise<Staff | null> {
    return this.repo.findOneBy({ wechatContactId: contactId, active: true });
  }

  /** The store account a staff member was last seen on: notices to them go through it. */
  async noteChatAccount(staff: Staff, account: string): Promise<void> {
    await this.repo.update({ id: staff.id }, { chatAccount: account });
    staff.chatAccount = account;
  }

  /** A deactivated account's contact: former staff, who are told so in chat and never made members. */
  async findFormerByContact(contactId: string): Promise<Staff | null> {
    return this.repo.findOneBy({ wechatContactId: contactId, active: false });
  }

  /**
   * Who a chat contact is among staff, active or former, as `findByContact` and `findFormerByContact`
   * would say. Every inbound message asks, and nearly every one comes from a customer: a bare indexed
   * lookup answers that, and staff rows are loaded only when there are some.
   */
  async byContact(contactId: string): Promise<{ active: Staff | null; former: Staff | null }> {
    const hits = (await this.ds.query('SELECT id FROM staff WHERE wechatContactId = ? LIMIT 1', [contactId])) as unknown[];
    if (hits.length === 0) return { active: null, former: null };
    // One account per contact (unique index): active or not.
    const staff = await this.repo.findOneBy({ wechatContactId: contactId });
    return { active: staff?.active ? staff : null, former: staff && !staff.active ? staff : null };
  }

  async get(id: number): Promise<Staff> {
    const s = await this.repo.findOneBy({ id });
    if (!s) throw new NotFoundError('Staff member not found');
    return s;
  }

  async findByName(name: string): Promise<Staff | null> {
    return this.repo.findOneBy({ name, active: true });
  }

  async managers(): Promise<Staff[]> {
    return this.repo.find({ where: { role: 'manager', active: true }, order: { id: 'ASC' } });
  }

  async assistants(): Promise<Staff[]> {
    return this.repo.find({ where: { role: 'assistant', active: true }, order: { id: 'ASC' } });
  }

  async create(input: { name: string; role: StaffRole; wechatContactId?: string | null }): Promise<Staff> {
    return this.repo.save(
      this.repo.create({
        name: input.name,
        role: input.role,
        wechatContactId: input.wechatContactId ?? null,
        active: true,
        createdAt: this.clock.now(),
      }),
    );
  }

  /** Issues a bearer token; the clear token is returned once and never stored. */
  async issueToken(staffId: number, opts: { label?: string; ttlDays?: number } = {}): Promise<string> {
    const token = `lks_${randomBytes(24).toString('base64url')}`;
    const now = this.clock.now();
    await this.ds.getRepository(StaffToken).insert({
      staffId,
      tokenHash: hashToken(token),
      label: opts.label ?? null,
      createdAt: now,
      expiresAt: opts.ttlDays ? new Date(now.getTime() + opts.ttlDays * 86_400_000) : null,
      revokedAt: null,
    });
    return token;
  }

  async authenticate(token: string): Promise<Staff> {
    const row = await this.ds.getRepository(StaffToken).findOneBy({ tokenHash: hashToken(token), revokedAt: IsNull() });
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= this.clock.now().getTime())) throw new UnauthorizedError();
    const staff = await this.repo.findOneBy({ id: row.staffId, active: true });
    if (!staff) throw new UnauthorizedError();
    return staff;
  }

  /**
   * Revokes every credential of a staff member: API tokens, console sessions and unused sign-in codes
   * (deactivation, or an admin's "revoke all"). Answers how many API tokens were revoked.
   */
  async revokeTokens(staffId: number): Promise<number> {
    const now = this.clock.now();
    const r = await this.ds.getRepository(StaffToken).update({ staffId, revokedAt: IsNull() }, { revokedAt: now });
    await this.ds.getRepository(ConsoleSession).update({ staffId, revokedAt: IsNull() }, { revokedAt: now });
    await this.ds.getRepository(ConsoleSignInCode).update({ staffId, usedAt: IsNull() }, { usedAt: now });
    return r.affected ?? 0;
  }
}
