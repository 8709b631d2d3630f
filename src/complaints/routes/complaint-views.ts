import { z } from 'zod';
import { multiLine, queryBool } from '../../shared/input-schema';
import { MemberService } from '../../members';
import type { TemplateLibrary } from '../../shared/templates';
import type { StaffService } from '../../staff';
import type { ComplaintCompensation } from '../complaint-compensation.entity';
import { describeCompensation } from '../complaint-parsing';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type Complaint } from '../complaint.entity';
import type { ComplaintService } from '../complaint.service';

export interface ComplaintRouteDeps {
  complaints: ComplaintService;
  members: MemberService;
  templates: TemplateLibrary;
  staff: StaffService;
}

export const ticketParam = z.object({
  ticketNo: z.string().regex(/^T\d{8}-\d{4}$/i, 'a ticket number such as T20261122-0007').transform((s) => s.toUpperCase()),
});

export const category = z.enum(COMPLAINT_CATEGORIES);
export const status = z.enum(COMPLAINT_STATUSES);
const iso = z.string().describe('ISO 8601 instant');

export const summarySchema = z
  .object({
    id: z.number().int(),
    ticketNo: z.string(),
    status,
    category,
    channel: z.enum(['chat', 'mp', 'staff']),
    member: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    assistant: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    summary: z.string(),
    orderNo: z.string().nullable(),
    rootCause: z.string().nullable(),
    createdAt: iso,
    acknowledgedAt: iso.nullable(),
    firstAnsweredAt: iso.nullable(),
    resolvedAt: iso.nullable(),
    closedAt: iso.nullable(),
    reopenCount: z.number().int(),
    overdue: z.object({ acknowledge: z.boolean(), answer: z.boolean() }).describe('past a deadline right now'),
    breaches: z.object({ acknowledge: iso.nullable(), answer: iso.nullable() }).describe('deadline breaches recorded on the ticket'),
  })
  .meta({ id: 'ComplaintSummary' });

export const compensationSchema = z
  .object({
    id: z.number().int(),
    level: z.enum(['minor', 'medium', 'severe']),
    status: z.enum(['granted', 'pending', 'rejected']),
    description: z.string(),
    exchange: z.boolean(),
    couponYuan: z.number(),
    refundYuan: z.number(),
    extraYuan: z.number(),
    note: z.string().nullable(),
    requestedBy: z.number().int(),
    decidedBy: z.number().int().nullable(),
    decidedAt: iso.nullable(),
    decisionNote: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ id: 'ComplaintCompensation' });

export const detailSchema = summarySchema
  .extend({
    description: z.string(),
    resolution: z.string().nullable(),
    satisfied: z.boolean().nullable(),
    survey: z.object({ sentAt: iso.nullable(), score: z.number().int().nullable(), comment: z.string().nullable(), answeredAt: iso.nullable() }),
    photos: z.array(z.object({ id: z.number().int(), name: z.string(), mediaType: z.string(), sizeBytes: z.number().int(), url: z.string() })),
    compensations: z.array(compensationSchema),
    timeline: z.array(
      z.object({
        at: iso,
        type: z.string(),
        actor: z.object({ kind: z.enum(['member', 'staff', 'system']), id: z.number().int().nullable(), name: z.string() }),
        text: z.string().nullable(),
        visibleToMember: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ComplaintDetail' });

export const boolQuery = queryBool;

export const text = (max: number) => multiLine(max);

/** How a ticket is shown to staff: a summary in lists, the detail with timeline, photos and compensations. */
export function complaintViews(deps: ComplaintRouteDeps) {
  const { queries, photos } = deps.complaints;
  const staffNames = new Map<number, string>();
  const staffName = async (id: number | null) => {
    if (!id) return null;
    if (!staffNames.has(id)) staffNames.set(id, (await deps.staff.repo.findOneBy({ id }))?.name ?? '');
    return { id, name: staffNames.get(id)! };
  };
  const isoOf = (d: Date | null) => (d ? d.toISOString() : null);

  const summary = async (c: Complaint): Promise<z.infer<typeof summarySchema>> => {
    const member = await queries.memberOf(c);
    return {
      id: c.id,
      ticketNo: c.ticketNo,
      status: c.status,
      category: c.category,
      channel: c.channel,
      member: { id: c.memberId, code: member?.code ?? '', name: member && !member.erasedAt ? MemberService.displayName(member) : '' },
      assistant: await staffName(c.assistantId),
      summary: Array.from(c.description).slice(0, 80).join(''),
      orderNo: c.orderNo,
      rootCause: c.rootCause,
      createdAt: c.createdAt.toISOString(),
      acknowledgedAt: isoOf(c.acknowledgedAt),
      firstAnsweredAt: isoOf(c.firstAnsweredAt),
      resolvedAt: isoOf(c.resolvedAt),
      closedAt: isoOf(c.closedAt),
      reopenCount: c.reopenCount,
      overdue: queries.overdue(c),
      breaches: { acknowledge: isoOf(c.ackBreachedAt), answer: isoOf(c.answerBreachedAt) },
    };
  };

  const compensation = (x: ComplaintCompensation): z.infer<typeof compensationSchema> => ({
    id: x.id,
    level: x.level,
    status: x.status,
    description: describeCompensation(x),
    exchange: x.exchange,
    couponYuan: x.couponFen / 100,
    refundYuan: x.refundFen / 100,
    extraYuan: x.extraFen / 100,
    note: x.note,
    requestedBy: x.requestedBy,
    decidedBy: x.decidedBy,
    decidedAt: isoOf(x.decidedAt),
    decisionNote: x.decisionNote,
    createdAt: x.createdAt.toISOString(),
  });

  const detail = async (c: Complaint): Promise<z.infer<typeof detailSchema>> => {
    const fresh = await queries.get(c.id);
    return {
      ...(await summary(fresh)),
      description: fresh.description,
      resolution: fresh.resolution,
      satisfied: fresh.satisfied,
      survey: { sentAt: isoOf(fresh.surveySentAt), score: fresh.surveyScore, comment: fresh.surveyComment, answeredAt: isoOf(fresh.surveyAnsweredAt) },
      photos: (await photos.ofComplaint(fresh.id)).map((p) => ({ id: p.id, name: p.name, mediaType: p.mediaType, sizeBytes: p.sizeBytes, url: `/admin/complaints/${fresh.ticketNo}/photos/${p.id}` })),
      compensations: (await queries.compensations(fresh.id)).map(compensation),
      timeline: (await queries.timeline(fresh.id)).map((e) => ({
        at: e.at.toISOString(),
        type: e.type,
        actor: { kind: e.actorKind, id: e.actorId, name: e.actorName },
        text: e.text,
        visibleToMember: e.visibleToMember,
      })),
    };
  };

  return { summary, compensation, detail };
}

export type ComplaintViews = ReturnType<typeof complaintViews>;
