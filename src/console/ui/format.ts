/** Dates, money and the Chinese names of what the API sends as codes. Times are shown in store time. */
const STORE_TZ = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: STORE_TZ, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: STORE_TZ, year: 'numeric', month: 'numeric', day: 'numeric' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: STORE_TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

export const formatTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');
export const formatDate = (iso: string | null | undefined): string => (iso ? dateOnly.format(new Date(iso)) : '—');
/** YYYY-MM-DD of an instant in store time. */
export const storeDay = (d: Date): string => isoDay.format(d);
export const yuan = (amount: number): string => `¥${amount.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;

/** "还剩 35 分钟" before a deadline, "超时 2 小时" after it. */
export function timeLeft(dueAt: string | null, now = new Date()): { text: string; late: boolean } {
  if (!dueAt) return { text: '—', late: false };
  const minutes = Math.round((new Date(dueAt).getTime() - now.getTime()) / 60_000);
  const span = (m: number) => (m < 60 ? `${m} 分钟` : m < 48 * 60 ? `${Math.round(m / 60)} 小时` : `${Math.round(m / 1440)} 天`);
  return minutes >= 0 ? { text: `还剩 ${span(minutes)}`, late: false } : { text: `超时 ${span(-minutes)}`, late: true };
}

export const ROLE: Record<string, string> = { assistant: '导购', manager: '店长', admin: '管理员' };
export const COMPLAINT_STATUS: Record<string, string> = { open: '待受理', in_progress: '处理中', resolved: '已解决', closed: '已关闭' };
export const CATEGORY: Record<string, string> = {
  quality: '商品质量',
  service: '服务态度',
  price: '价格问题',
  delivery: '配送送货',
  environment: '门店环境',
  after_sales: '售后服务',
  other: '其他',
};
export const CHANNEL: Record<string, string> = { chat: '微信', mp: '小程序', staff: '店员代登记' };
export const LIFECYCLE: Record<string, string> = { prospect: '潜在', new: '新客', regular: '回头客', loyal: '忠实', dormant: '沉睡' };
export const TIER: Record<string, string> = { none: '普通', silver: '银卡', gold: '金卡', diamond: '钻石' };
/** RFM segments of the nightly scoring (loyalty), in the order a manager reads them. */
export const SEGMENT: Record<string, string> = { high_value: '高价值', potential: '有潜力', general: '一般', low_value: '低价值', at_risk: '高价值流失风险' };
export const DRAFT_STATUS: Record<string, string> = {
  draft: '待确认',
  queued: '待发送',
  sending: '发送中',
  sent: '已发送',
  skipped: '已跳过',
  failed: '发送失败',
  check: '待核实',
};
export const COMPENSATION_LEVEL: Record<string, string> = { minor: '轻微', medium: '中等', severe: '严重' };
export const COMPENSATION_STATUS: Record<string, string> = { granted: '已给', pending: '待店长批准', rejected: '已驳回' };
export const POINTS_KIND: Record<string, string> = { earned: '消费获得', redeemed: '兑换', expired: '过期', adjusted: '调整', reversed: '退货扣回', referral: '推荐奖励' };

const REASONS: Record<string, string> = {
  opted_out: '已退订',
  frequency_cap: '30 天内已发满',
  open_complaint: '有未结投诉',
  expired: '过期未发',
  'expired:day_passed': '日子已过',
  not_approved_by_cutoff: '中午前未确认',
  skipped_by_assistant: '导购跳过',
  no_chat_contact: '没有微信联系人',
  contact_unknown: '微信找不到联系人',
  send_unclear: '不确定是否送达',
  interrupted_mid_send: '发送中断',
};
/** A skip reason in words; `collision:birthday` and `reserved:birthday` name the occasion that won. */
export function reasonLabel(reason: string): string {
  if (REASONS[reason]) return REASONS[reason];
  if (reason.startsWith('collision:')) return '同一天有更重要的消息';
  if (reason.startsWith('reserved:')) return '名额留给更重要的日子';
  return reason;
}

export const MEMBER_REASON: Record<string, string> = {
  vip_plan: 'VIP 回访计划',
  at_risk: '有流失风险',
  vip_quiet: 'VIP 一个月没联系',
  dormant: '沉睡，一个月没联系',
  long_time_no_see: '好久没联系',
  lost: '已删除好友',
  birthday: '快过生日',
};
export const memberReason = (r: string): string => MEMBER_REASON[r] ?? r;

export const COMPLAINT_EVENT: Record<string, string> = {
  filed: '登记投诉',
  acknowledged: '确认受理',
  reply: '回复会员',
  member_message: '会员留言',
  assigned: '转交',
  root_cause: '标记根本原因',
  compensation_granted: '给予补偿',
  compensation_requested: '申请补偿（待店长批准）',
  compensation_approved: '店长批准补偿',
  compensation_rejected: '店长驳回补偿',
  resolved: '解决',
  satisfied: '会员表示满意',
  reopened: '重新打开',
  ack_breached: '受理超时',
  answer_breached: '答复超时',
  survey_sent: '发出回访问卷',
  survey_answered: '会员回答问卷',
  closed: '关闭',
};

export const AUDIT_ACTION: Record<string, string> = {
  'member.search': '搜索会员',
  'member.read': '查看会员资料',
  'member.notes.read': '查看备注',
  'member.note.add': '添加备注',
  'member.tag.add': '添加标签',
  'member.tag.remove': '去掉标签',
  'member.reassign': '改派导购',
  'member.handover': '导购交接',
  'member.merge': '合并会员',
  'purchase.create': '登记购买',
  'purchase.import': '导入销售',
  'points.redeem': '兑换积分',
  'points.adjust': '调整积分',
  'staff.create': '新建员工',
  'staff.update': '修改员工',
  'staff.deactivate': '停用员工',
  'staff.token.issue': '发放令牌',
  'staff.token.revoke': '收回令牌',
  'staff.signin': '登录后台',
  'staff.signout': '退出后台',
};
