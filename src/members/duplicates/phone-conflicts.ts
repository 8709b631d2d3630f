import { type DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { maskPhone } from '../../privacy';
import type { Logger } from '../../shared/logger';
import type { TemplateLibrary } from '../../shared/templates';
import { Staff } from '../../staff';
import { Member } from '../member.entity';
import type { MemberNotices } from '../member-notices';

/** Another living member who already has a phone number someone tries to register. */
export interface PhoneHolder {
  id: number;
  code: string;
  name: string | null;
  nickname: string | null;
  assistantId: number | null;
}

/** Members other than `exceptMemberId` holding this lookup hash (erased and merged records hold none). */
export async function phoneHolders(em: EntityManager, phoneHash: string, exceptMemberId: number): Promise<PhoneHolder[]> {
  return em.find(Member, {
    select: { id: true, code: true, name: true, nickname: true, assistantId: true },
    where: { phoneHash, erasedAt: IsNull(), id: Not(exceptMemberId) },
    order: { id: 'ASC' },
  });
}

/**
 * When a member tries to register a number that another member has: the assistants of both records are
 * told in chat who is involved (member codes, the number masked) and what to do — merge if it is one
 * person, else check the number with the shopper. The member is told kindly by the caller.
 */
export class PhoneConflicts {
  constructor(private readonly deps: { ds: DataSource; templates: TemplateLibrary; notices: MemberNotices; log: Logger }) {}

  async tellAssistants(member: Pick<Member, 'id' | 'code' | 'name' | 'nickname' | 'assistantId'>, phone: string, holders: PhoneHolder[], channel: 'chat' | 'mp'): Promise<number> {
    const t = this.deps.templates;
    const label = (m: { name: string | null; nickname: string | null }) => m.name ?? m.nickname ?? '';
    const text = t.render('members.duplicates.to_staff', {
      member: label(member),
      code: member.code,
      phone: maskPhone(phone),
      holders: holders.map((x) => t.render('members.duplicates.holder', { name: label(x), code: x.code })).join(t.render('members.duplicates.holder_separator')),
      channel: t.render(`members.duplicates.channels.${channel}`),
    });
    const staffIds = [...new Set([member.assistantId, ...holders.map((x) => x.assistantId)].filter((id): id is number => id !== null))];
    const active = staffIds.length ? await this.deps.ds.getRepository(Staff).find({ select: { id: true }, where: { id: In(staffIds), active: true } }) : [];
    let told = 0;
    for (const s of active) if (await this.deps.notices.toStaff(s.id, text)) told++;
    this.deps.log.info({ memberId: member.id, holders: holders.map((x) => x.id), told, channel }, 'phone number already registered to another member: not saved');
    return told;
  }
}
