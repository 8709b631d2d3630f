import { IsNull } from 'typeorm';
import type { AuditService } from '../audit';
import type { RouteDef } from '../http/route';
import type { Platform } from '../module';
import type { PersonalDataCipher } from '../privacy';
import type { StaffService } from '../staff';
import { assignmentRoutes } from './assignment/assignment.routes';
import type { AssignmentFollower } from './assignment/assignment-followers';
import { AssistantAssignmentService } from './assignment/assistant-assignment.service';
import { ChatIdentity } from './chat-identity.entity';
import { ChatMessage } from './chat-message.entity';
import { memberDirectoryRoutes } from './directory/member-directory.routes';
import { MemberDirectoryService, type MemberActivityViews } from './directory/member-directory.service';
import { PhoneConflicts } from './duplicates/phone-conflicts';
import { MemberConsent } from './member-consent.entity';
import type { MemberNotices } from './member-notices';
import { MemberNote } from './member-note.entity';
import { MemberTag } from './member-tag.entity';
import { Member } from './member.entity';
import { MemberService } from './member.service';
import { MemberMerge } from './merge/member-merge';
import { memberMergeRoutes } from './merge/member-merge.routes';
import { StaffMemberMerge } from './merge/staff-merge.service';
import { PersonalDataRights, type PersonalDataHolder } from './personal-data/personal-data-rights';
import { MemberProfileService } from './profile/member-profile.service';

export { AssistantAssignmentService } from './assignment/assistant-assignment.service';
export type { AfterMove, AssignmentFollower, AssistantMove } from './assignment/assignment-followers';
export { ChatIdentity } from './chat-identity.entity';
export { ChatMessage, type MessageDirection } from './chat-message.entity';
export { insertChatMessage, type ChatMessageRow } from './chat-message-log';
export { PhoneConflicts, type PhoneHolder } from './duplicates/phone-conflicts';
export { MemberDirectoryService, SEARCH_COUNT_CAP, type MemberActivityViews, type MemberCard, type MemberSearch, type MemberSegmentFilter } from './directory/member-directory.service';
export { purchaseLine, purchaseLineSchema, type MemberPurchaseSummary, type PurchaseLineSource } from './directory/purchase-line';
export { MemberConsent } from './member-consent.entity';
export type { MemberNotices } from './member-notices';
export { MemberNote } from './member-note.entity';
export { MemberTag } from './member-tag.entity';
export { Member, type BirthdayCalendar, type Gender, type Lifecycle, type MemberSource } from './member.entity';
export { birthdayOutSchema, profileFieldsOf, profileFieldsSchema } from './member.schema';
export { MEMBER_CODE_PATTERN, memberCodeFor, MemberService, type ResolvedChatMember } from './member.service';
export { MemberMerge } from './merge/member-merge';
export { StaffMemberMerge, type StaffMergeResult } from './merge/staff-merge.service';
export { PersonalDataRights, type ErasureFacts, type PersonalDataHolder } from './personal-data/personal-data-rights';
export { MemberProfileService } from './profile/member-profile.service';
export { emptiedProfile, safeJson } from './profile/profile-fields';
export { AGE_RANGES, CONSENT_PURPOSES, birthdaySchema, profileExtraSchema, profilePatchSchema, profileSchema, type ConsentPurpose, type ProfilePatch, type ProfileView } from './profile/profile.schema';
export * from './birthday';
export { parseBirthday, parseName, parsePhone, type ParseResult } from './profile-parsing';

export const memberEntities = [Member, MemberConsent, ChatIdentity, ChatMessage, MemberTag, MemberNote];

export interface MembersModule {
  service: MemberService;
  profiles: MemberProfileService;
  merge: MemberMerge;
  /** A phone another member has: tells the assistants of both records (the callers tell the member). */
  phoneConflicts: PhoneConflicts;
  /** The member's export and erasure, over this module's data and every holder's (built once all modules exist). */
  personalDataRights(holders: PersonalDataHolder[]): PersonalDataRights;
  directory: MemberDirectoryService;
  /** Reassignment and hand-over, with what follows a member's assistant in the modules built on members. */
  assignment(followers: AssignmentFollower[]): AssistantAssignmentService;
  /** Members an assistant looks after now (staff accounts show it; a leaving assistant must have none). */
  memberCount(assistantId: number): Promise<number>;
  /**
   * The staff API over members; the member page also shows what the modules built on members add, and a
   * merge lets them recompute what depends on the moved rows (loyalty: tier and lifecycle).
   */
  routes(views: MemberActivityViews, assignment: AssistantAssignmentService, hooks: MemberMergeHooks): RouteDef[];
}

/** What the modules built on members do after two records became one. */
export interface MemberMergeHooks {
  afterMerge(memberId: number): Promise<void>;
}

export interface MembersDeps extends Platform {
  cipher: PersonalDataCipher;
  staff: StaffService;
  audit: AuditService;
  notices: MemberNotices;
}

/** Members: the record, identity, profile, consent, tags, notes, and which assistant looks after whom. */
export function createMembersModule(deps: MembersDeps): MembersModule {
  const service = new MemberService(deps.ds, deps.cipher, deps.clock);
  const directory = new MemberDirectoryService({ ds: deps.ds, clock: deps.clock, members: service, audit: deps.audit });
  const assignment = (followers: AssignmentFollower[]) =>
    new AssistantAssignmentService({
      ds: deps.ds,
      clock: deps.clock,
      templates: deps.templates,
      directory,
      staff: deps.staff,
      audit: deps.audit,
      notices: deps.notices,
      followers,
    });
  const merge = new MemberMerge(deps.log);
  const staffMerge = new StaffMemberMerge({ ds: deps.ds, clock: deps.clock, merge, audit: deps.audit });
  const phoneConflicts = new PhoneConflicts({ ds: deps.ds, templates: deps.templates, notices: deps.notices, log: deps.log });
  const profiles = new MemberProfileService({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    cipher: deps.cipher,
    members: service,
    templates: deps.templates,
    storeName: deps.config.STORE_NAME,
    phoneConflicts,
  });
  return {
    service,
    profiles,
    merge,
    phoneConflicts,
    personalDataRights: (holders) =>
      new PersonalDataRights({
        ds: deps.ds,
        clock: deps.clock,
        log: deps.log,
        cipher: deps.cipher,
        templates: deps.templates,
        storeName: deps.config.STORE_NAME,
        members: service,
        profiles,
        notices: deps.notices,
        holders,
      }),
    directory,
    assignment,
    memberCount: (assistantId) => deps.ds.getRepository(Member).countBy({ assistantId, erasedAt: IsNull() }),
    routes: (views, assigning, hooks) => [
      ...memberDirectoryRoutes(directory, views),
      ...assignmentRoutes(assigning),
      ...memberMergeRoutes(staffMerge, hooks.afterMerge),
    ],
  };
}
