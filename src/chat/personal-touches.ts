/** What kind of personal message a staff member sent a member. */
export type PersonalTouchKind = 'relay' | 'complaint_reply' | 'greeting';

/**
 * Where personal messages from staff to a member are counted (loyalty's VIP visit plan). Declared here,
 * below the modules that send them, so chat and complaints never import loyalty; the root passes it.
 */
export interface PersonalTouches {
  record(touch: { memberId: number; staffId: number; kind: PersonalTouchKind; at: Date }): Promise<void>;
}
