/** Friendly names for the API's types the pages pass around (all from the generated openapi.ts). */
import type { Body } from './client';
import type { components } from './openapi';

type Schemas = components['schemas'];
export type MemberCard = Schemas['MemberCard'];
export type MemberDetail = Schemas['MemberDetail'];
export type Staff = Schemas['Staff'];
export type StaffRef = Schemas['StaffRef'];
export type ComplaintSummary = Schemas['ComplaintSummary'];
export type ComplaintDetail = Schemas['ComplaintDetail'];
export type CareDraft = Body<'/admin/care/drafts', 'get'>['drafts'][number];
export type MemberPoints = Schemas['MemberPointsForStaff'];
export type ImportResult = Schemas['PurchaseImportResult'];
export type AuditEntry = Schemas['AuditEntry'];
export type ComplaintCategory = ComplaintSummary['category'];
export type Lifecycle = MemberCard['lifecycle'];
