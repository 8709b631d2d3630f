/**
 * How the members module reaches people in chat (told of a new assistant, a hand-over). Declared here
 * and satisfied by chat's notifier, so members never imports the chat module built on top of it.
 */
export interface MemberNotices {
  /** false when the member cannot be reached now; never throws for that. */
  toMember(memberId: number, text: string): Promise<boolean>;
  toStaff(staffId: number, text: string): Promise<boolean>;
}
