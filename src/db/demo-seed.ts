import type { DataSource } from 'typeorm';
import { ChatIdentity } from '../members';
import type { MemberService } from '../members';
import { Member } from '../members';
import type { StaffService } from '../staff';
import { Staff } from '../staff';

export interface SeedResult {
  seeded: boolean;
  managerToken?: string;
}

/**
 * A small demo store for a first start: a manager, two assistants, three members. Only when the
 * database has no staff at all, so it never touches a real store's data.
 */
export async function seedDemoStore(ds: DataSource, services: { members: MemberService; staff: StaffService }): Promise<SeedResult> {
  if ((await ds.getRepository(Staff).count()) > 0) return { seeded: false };
  const manager = await services.staff.create({ name: '王店长', role: 'manager', wechatContactId: 'staff-wang' });
  await services.staff.create({ name: '李丽', role: 'assistant', wechatContactId: 'staff-lili' });
  await services.staff.create({ name: '张敏', role: 'assistant', wechatContactId: 'staff-zhangmin' });
  const demo = [
    { contact: 'wx-chen', nickname: '陈姐', name: '陈女士', phone: '13800138001', birthday: { calendar: 'lunar' as const, year: 1978, month: 8, day: 15, leapMonth: false }, isMother: true },
    { contact: 'wx-liu', nickname: '老刘', name: '刘先生', phone: '13900139002', birthday: { calendar: 'solar' as const, year: 1985, month: 3, day: 12, leapMonth: false }, isMother: null },
    { contact: 'wx-zhao', nickname: '赵阿姨', name: null, phone: null, birthday: null, isMother: null },
  ];
  for (const d of demo) {
    const member = await services.members.create({ nickname: d.nickname, name: d.name, source: 'seed' });
    if (d.phone && d.name) {
      await services.members.saveContactDetails(member.id, { name: d.name, phone: d.phone, consentStatement: '演示数据', channel: 'staff' });
    }
    if (d.birthday) await services.members.saveBirthday(member.id, d.birthday, '演示数据');
    if (d.isMother !== null) await ds.getRepository(Member).update({ id: member.id }, { isMother: d.isMother });
    await ds.getRepository(ChatIdentity).insert({
      contactId: d.contact,
      remark: member.code,
      memberId: member.id,
      displayName: d.nickname,
      createdAt: member.createdAt,
      lastSeenAt: member.createdAt,
    });
  }
  const managerToken = await services.staff.issueToken(manager.id, { label: 'demo' });
  return { seeded: true, managerToken };
}
