// The complaints module's public face: other modules and the composition root import only from here.
export { createComplaintsModule, type ComplaintsModule, COMPLAINT_DEADLINES_JOB, COMPLAINT_SURVEY_JOB } from './complaints.module';
export type { ComplaintsDeps } from './complaints-deps';
export type { ComplaintsApi, ComplaintService } from './complaint.service';
export type { OpenInput } from './filing/complaint-filing.service';
export { complaintEntities } from './complaint-entities';
export { Complaint, COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from './complaint.entity';
export type { ComplaintCategory, ComplaintChannel, ComplaintStatus } from './complaint.entity';
export { ComplaintCompensation } from './complaint-compensation.entity';
export { ComplaintDraft } from './complaint-draft.entity';
export { ComplaintEvent } from './complaint-event.entity';
export { ComplaintPhoto, ComplaintPhotoPart } from './complaint-photo.entity';
export { complaintAssignmentFollower, type ComplaintAssignmentDeps } from './complaint-assignment';
export { complaintsPersonalData } from './complaint-erasure';
export { openComplaintsOf, OPEN_COMPLAINT_STATUSES, type OpenComplaintFact } from './open-complaints.query';
export { acknowledgeDueAt, answerDueAt, type DeadlineConfig } from './deadlines/deadline-rules';
