import { eraseComplaintsOfMember } from './complaint-erasure';
import type { Complaint } from './complaint.entity';
import type { ComplaintsDeps } from './complaints-deps';
import { ComplaintDeadlines } from './deadlines/complaint-deadlines.service';
import { ComplaintDrafts } from './filing/complaint-drafts';
import { ComplaintFiling, type OpenInput } from './filing/complaint-filing.service';
import { ComplaintPhotos } from './filing/complaint-photos';
import { ComplaintCompensations } from './handling/complaint-compensation.service';
import { ComplaintHandling } from './handling/complaint-handling.service';
import { ComplaintQueries } from './handling/complaint-queries';
import { ComplaintSatisfaction } from './handling/complaint-satisfaction.service';
import { ComplaintSurvey } from './survey/complaint-survey.service';

/** What other modules use of complaints (the mini-program files and lists; privacy erases). */
export interface ComplaintsApi {
  open(input: OpenInput): Promise<Complaint>;
  listForMember(memberId: number): Promise<Complaint[]>;
  eraseForMember(memberId: number): Promise<number>;
}

/**
 * The complaints module's parts, built once and shared by its chat words, routes and jobs. The three
 * methods are the module's public face (ComplaintsApi); each rule lives in its part.
 */
export class ComplaintService implements ComplaintsApi {
  readonly queries: ComplaintQueries;
  readonly photos: ComplaintPhotos;
  readonly drafts: ComplaintDrafts;
  readonly filing: ComplaintFiling;
  readonly handling: ComplaintHandling;
  readonly compensations: ComplaintCompensations;
  readonly satisfaction: ComplaintSatisfaction;
  readonly deadlines: ComplaintDeadlines;
  readonly survey: ComplaintSurvey;

  constructor(private readonly deps: ComplaintsDeps) {
    const deadlines = { ackMinutes: deps.ackMinutes, answerHours: deps.answerHours, calendar: deps.storeHours };
    this.queries = new ComplaintQueries({ ...deps, deadlines });
    const queries = this.queries;
    this.photos = new ComplaintPhotos(deps);
    this.drafts = new ComplaintDrafts(deps);
    this.filing = new ComplaintFiling({ ...deps, photos: this.photos, queries, deadlines });
    this.handling = new ComplaintHandling({ ...deps, queries });
    this.compensations = new ComplaintCompensations({ ...deps, queries });
    this.satisfaction = new ComplaintSatisfaction({ ...deps, queries });
    this.deadlines = new ComplaintDeadlines({ ...deps, deadlines });
    this.survey = new ComplaintSurvey({ ...deps, queries });
  }

  open(input: OpenInput): Promise<Complaint> {
    return this.filing.open(input);
  }

  listForMember(memberId: number): Promise<Complaint[]> {
    return this.queries.listForMember(memberId);
  }

  eraseForMember(memberId: number): Promise<number> {
    return this.deps.ds.transaction((em) => eraseComplaintsOfMember(em, this.deps, memberId));
  }
}
