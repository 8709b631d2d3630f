import { ComplaintCompensation } from './complaint-compensation.entity';
import { ComplaintDraft } from './complaint-draft.entity';
import { ComplaintEvent } from './complaint-event.entity';
import { ComplaintPhoto, ComplaintPhotoPart } from './complaint-photo.entity';
import { Complaint } from './complaint.entity';

/** The complaints module's tables, listed once in src/db/entities.ts. */
export const complaintEntities = [Complaint, ComplaintEvent, ComplaintPhoto, ComplaintPhotoPart, ComplaintCompensation, ComplaintDraft];
