import type { ChatNotifier, DialogEngine, MemberChatContext, PersonalTouches } from '../chat';
import type { MemberService } from '../members';
import type { OutboxPort } from '../outbox';
import type { Platform } from '../module';
import type { StoreCalendar } from '../shared/store-hours';
import type { StaffService } from '../staff';

/** Everything the complaints module is given, named; built by the composition root (today: complaints.module.ts). */
// Config values come named below, so the rules' inputs are visible where they are used.
export interface ComplaintsDeps extends Omit<Platform, 'config'> {
  members: MemberService;
  staff: StaffService;
  /** Reaches members, staff and the staff room in chat. */
  notifier: ChatNotifier;
  /** The one way a proactive message (the follow-up survey) is queued. */
  outbox: OutboxPort;
  /** Chat dialogs: the "满意吗" question after a resolution, and the chat filing dialogs. */
  dialogs: DialogEngine<MemberChatContext>;
  /** Hands a member's message to their assistant (what the chat dialogs do with an answer they cannot use). */
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
  /** Store timezone: ticket numbers, the promise made at filing and dates shown are in store time. */
  timezone: string;
  storeName: string;
  /** A staff WeChat group told of every new ticket, if the store has one. */
  staffRoomId: string | null;
  /** Minutes to acknowledge a ticket before the assistant is reminded. */
  ackMinutes: number;
  /** Hours to a first real answer before the manager(s) are told. */
  answerHours: number;
  /** Opening hours and holidays: the deadlines count only store time. */
  storeHours: StoreCalendar;
  /** Days after resolution before the follow-up survey. */
  surveyDays: number;
  /** Minutes a complaint half-written in chat waits before it is kept as a draft. */
  draftTtlMinutes: number;
  /** Compensation levels (DOMAIN.md): a coupon up to minor is minor, up to medium is medium. */
  minorMaxYuan: number;
  mediumMaxYuan: number;
  /** A reply that reached the member counts as a personal touch (VIP visit plan). */
  touches?: PersonalTouches;
}
