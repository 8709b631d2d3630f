import { In, type DataSource } from 'typeorm';
import type { StaffNoticeOptions } from '../../chat';
import { Member, MemberService } from '../../members';
import { formatStoreTime } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { StaffService } from '../../staff';
import type { AtRiskSource } from './at-risk-source';
import { MemberLoss } from './member-loss.entity';

export interface WeeklyDigestDeps {
  ds: DataSource;
  templates: TemplateLibrary;
  staff: Pick<StaffService, 'managers' | 'repo'>;
  notifier: { toStaff(staffId: number, text: string, opts?: StaffNoticeOptions): Promise<boolean> };
  atRisk: AtRiskSource;
  timezone: string;
}

export interface WeeklyDigestResult {
  newMembers: number;
  lost: number;
  returned: number;
  net: number;
  atRisk: number;
  managersTold: number;
}

const NAMES_PER_ASSISTANT = 5;

/** The manager's weekly chat digest: members gained, lost and net over the last 7 days, and at-risk high-value members by assistant. */
export async function sendWeeklyDigest(deps: WeeklyDigestDeps, now: Date): Promise<WeeklyDigestResult> {
  const t = deps.templates;
  const from = new Date(now.getTime() - 7 * 86_400_000);
  const newMembers = await deps.ds
    .getRepository(Member)
    .createQueryBuilder('m')
    .where('m.createdAt >= :from AND m.createdAt <= :now AND m.erasedAt IS NULL', { from, now })
    .getCount();
  const losses = deps.ds.getRepository(MemberLoss);
  const lost = await losses.createQueryBuilder('l').where('l.lostAt >= :from AND l.lostAt <= :now', { from, now }).getCount();
  const returned = await losses.createQueryBuilder('l').where('l.returnedAt >= :from AND l.returnedAt <= :now', { from, now }).getCount();
  const net = newMembers + returned - lost;
  const lines = [
    t.render('loyalty.weekly.header', { from: formatStoreTime(from, deps.timezone, 'M月D日'), to: formatStoreTime(now, deps.timezone, 'M月D日') }),
    t.render('loyalty.weekly.members', { newMembers, lost, returned, hasReturned: returned > 0, net: net > 0 ? `+${net}` : String(net) }),
  ];
  let atRisk = 0;
  const assistants = await deps.staff.repo.find({ where: { active: true }, order: { id: 'ASC' } });
  const riskLines: string[] = [];
  for (const a of assistants) {
    const found = await deps.atRisk.atRiskHighValue(a.id, now);
    if (!found.length) continue;
    atRisk += found.length;
    const members = await deps.ds.getRepository(Member).findBy({ id: In(found.slice(0, NAMES_PER_ASSISTANT).map((f) => f.memberId)) });
    const names = members.map((m) => `${MemberService.displayName(m)}（${m.code}）`).join('、');
    riskLines.push(t.render('loyalty.weekly.at_risk_assistant', { assistant: a.name, count: found.length, names, more: found.length > NAMES_PER_ASSISTANT }));
  }
  lines.push(riskLines.length ? [t.render('loyalty.weekly.at_risk_title', { count: atRisk }), ...riskLines].join('\n') : t.render('loyalty.weekly.at_risk_none'));
  const text = lines.join('\n\n');
  let managersTold = 0;
  for (const m of await deps.staff.managers()) if (await deps.notifier.toStaff(m.id, text)) managersTold += 1;
  return { newMembers, lost, returned, net, atRisk, managersTold };
}
