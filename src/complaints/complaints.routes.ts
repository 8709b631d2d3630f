import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route';
import { MemberService } from '../members/member.service';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { dayjs, storeDateKey } from '../shared/store-time';
import type { StaffService } from '../staff/staff.service';
import type { Staff, StaffRole } from '../staff/staff.entity';
import type { Clock } from '../shared/clock';
import { describeCompensation } from './complaint-parsing';
import { complaintReport, complaintReportSchema } from './complaint-report';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type Complaint } from './complaint.entity';
import type { ComplaintCompensation } from './complaint-compensation.entity';
import type { ComplaintService } from './complaint.service';
import type { DataSource } from 'typeorm';
import type { TemplateLibrary } from '../shared/templates';

const ticketParam = z.object({
  ticketNo: z.string().regex(/^T\d{8}-\d{4}$/i, 'a ticket number such as T20261122-0007').transform((s) => s.toUpperCase()),
});

const category = z.enum(COMPLAINT_CATEGORIES);
const status = z.enum(COMPLAINT_STATUSES);
const iso = z.string().describe('ISO 8601 instant');

const summarySchema = z
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

const compensationSchema = z
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

const detailSchema = summarySchema
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

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

const text = (max: number) => z.string().trim().min(1).max(max);

export interface ComplaintRouteDeps {
  complaints: ComplaintService;
  members: MemberService;
  templates: TemplateLibrary;
  staff: StaffService;
  ds: DataSource;
  clock: Clock;
  timezone: string;
}

/** The staff API: /admin/complaints and /admin/reports/complaints. */
export function complaintRoutes(deps: ComplaintRouteDeps): RouteDef[] {
  const svc = deps.complaints;
  const staffNames = new Map<number, string>();
  const staffName = async (id: number | null) => {
    if (!id) return null;
    if (!staffNames.has(id)) staffNames.set(id, (await deps.staff.repo.findOneBy({ id }))?.name ?? '');
    return { id, name: staffNames.get(id)! };
  };
  const isoOf = (d: Date | null) => (d ? d.toISOString() : null);

  const summary = async (c: Complaint): Promise<z.infer<typeof summarySchema>> => {
    const member = await svc.memberOf(c);
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
      overdue: svc.overdue(c),
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
    const fresh = await svc.get(c.id);
    return {
      ...(await summary(fresh)),
      description: fresh.description,
      resolution: fresh.resolution,
      satisfied: fresh.satisfied,
      survey: { sentAt: isoOf(fresh.surveySentAt), score: fresh.surveyScore, comment: fresh.surveyComment, answeredAt: isoOf(fresh.surveyAnsweredAt) },
      photos: (await svc.photos(fresh.id)).map((p) => ({ id: p.id, name: p.name, mediaType: p.mediaType, sizeBytes: p.sizeBytes, url: `/admin/complaints/${fresh.ticketNo}/photos/${p.id}` })),
      compensations: (await svc.compensations(fresh.id)).map(compensation),
      timeline: (await svc.timeline(fresh.id)).map((e) => ({
        at: e.at.toISOString(),
        type: e.type,
        actor: { kind: e.actorKind, id: e.actorId, name: e.actorName },
        text: e.text,
        visibleToMember: e.visibleToMember,
      })),
    };
  };

  const ticket = (staff: Staff | undefined, ticketNo: string) => svc.visibleTicket(staff!, ticketNo);
  const tags = ['complaints'];
  // Assistants and managers handle complaints; an admin (staff accounts) holds no member data.
  const auth = { kind: 'staff' as const, roles: ['assistant', 'manager'] as StaffRole[] };

  return [
    defineRoute({
      method: 'get',
      path: '/admin/complaints',
      summary: 'List complaints (an assistant sees the tickets of their own members and those they handle)',
      tags,
      auth,
      query: z.object({
        status: status.optional(),
        category: category.optional(),
        assistantId: z.coerce.number().int().positive().optional(),
        memberId: z.coerce.number().int().positive().optional(),
        overdue: boolQuery.optional().describe('true: past the acknowledge or first-answer deadline right now'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: z.object({ items: z.array(summarySchema), total: z.number().int() }),
      async handler({ query, auth: a }) {
        const { items, total } = await svc.list(a.staff!, query);
        return { items: await Promise.all(items.map(summary)), total };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/complaints',
      summary: 'File a complaint on a member’s behalf (e.g. told in the store or on the phone)',
      tags,
      auth,
      status: 201,
      errors: [404],
      body: z.strictObject({
        memberId: z.number().int().positive().optional(),
        memberCode: z.string().regex(/^M\d{6,}$/i).optional(),
        description: text(2000),
        category,
        orderNo: z.string().trim().max(64).optional(),
      }).refine((b) => Boolean(b.memberId) !== Boolean(b.memberCode), { message: 'give memberId or memberCode', path: ['memberId'] }),
      response: detailSchema,
      async handler({ body, auth: a }) {
        const member = body.memberCode ? await deps.members.findByCode(body.memberCode) : await deps.members.get(body.memberId!);
        if (!member) throw new ValidationError('Unknown member', [{ path: 'memberCode', message: 'no such member' }]);
        const staff = a.staff!;
        if (staff.role === 'assistant' && member.assistantId !== staff.id) throw new ForbiddenError('An assistant files complaints for their own members');
        const c = await svc.open({ memberId: member.id, channel: 'staff', description: body.description, category: body.category, orderNo: body.orderNo ?? null, filedBy: staff });
        return detail(c);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/complaints/saved-replies',
      summary: 'The store’s saved replies (approved wordings), usable as `回复 /name` in chat or `savedReply` in the API',
      tags,
      auth,
      response: z.object({ items: z.array(z.object({ name: z.string(), text: z.string() })) }),
      async handler() {
        return { items: svc.savedReplyNames().map((name) => ({ name, text: deps.templates.render(`complaints.saved-replies.${name}`, { member: '{{member}}', staff: '{{staff}}', ticket: '{{ticket}}', store: '{{store}}' }) })) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/complaints/:ticketNo',
      summary: 'One complaint with its full timeline, photos and compensations',
      tags,
      auth,
      errors: [404],
      params: ticketParam,
      response: detailSchema,
      async handler({ params, auth: a }) {
        return detail(await ticket(a.staff, params.ticketNo));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/complaints/:ticketNo/photos/:photoId',
      summary: 'A photo the member sent with the complaint',
      tags,
      auth,
      errors: [404],
      params: ticketParam.extend({ photoId: z.coerce.number().int().positive() }),
      async handler({ params, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        const { photo, data } = await svc.photoData(c.id, params.photoId);
        return { raw: true as const, type: photo.mediaType, body: data, headers: { 'cache-control': 'private, max-age=300' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/complaints/:ticketNo/acknowledge',
      summary: 'Acknowledge (受理): a person is on it; stops the acknowledge deadline',
      tags,
      auth,
      errors: [404, 409],
      params: ticketParam,
      response: detailSchema,
      async handler({ params, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        await svc.acknowledge(a.staff!, c);
        return detail(c);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/complaints/:ticketNo/replies',
      summary: 'Reply to the member in chat, signed by the staff member (text, or a saved reply by name)',
      tags,
      auth,
      errors: [404, 409],
      params: ticketParam,
      body: z.strictObject({ text: text(1500).optional(), savedReply: z.string().trim().min(1).max(32).optional() }).refine((b) => b.text || b.savedReply, { message: 'give text or savedReply', path: ['text'] }),
      response: detailSchema.extend({ delivered: z.boolean() }),
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        let message = body.text ?? '';
        if (body.savedReply) {
          const saved = await svc.savedReply(body.savedReply, c, a.staff!);
          if (!saved) throw new ValidationError('Unknown saved reply', [{ path: 'savedReply', message: `one of ${svc.savedReplyNames().join(', ')}` }]);
          message = [saved, body.text].filter(Boolean).join('\n');
        }
        const r = await svc.reply(a.staff!, c, message);
        return { ...(await detail(c)), delivered: r.delivered };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/complaints/:ticketNo/assign',
      summary: 'Hand the ticket to another assistant or manager (manager, or the assistant handling it)',
      tags,
      auth,
      errors: [404, 409],
      params: ticketParam,
      body: z.strictObject({ staffId: z.number().int().positive() }),
      response: detailSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        const to = await deps.staff.get(body.staffId);
        await svc.assign(a.staff!, c, to);
        return detail(c);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/complaints/:ticketNo/resolve',
      summary: 'Resolve: tell the member what was done and ask whether they are satisfied',
      tags,
      auth,
      errors: [404, 409],
      params: ticketParam,
      body: z.strictObject({ resolution: text(1500) }),
      response: detailSchema.extend({ delivered: z.boolean() }),
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        const r = await svc.resolve(a.staff!, c, body.resolution);
        return { ...(await detail(c)), delivered: r.delivered };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/complaints/:ticketNo/compensations',
      summary: 'Compensate: minor coupon by anyone; medium (exchange / larger coupon) needs a note; severe (refund, extra) needs a manager',
      tags,
      auth,
      status: 201,
      errors: [404, 409],
      params: ticketParam,
      body: z
        .strictObject({
          exchange: z.boolean().default(false),
          couponYuan: z.number().min(0).max(100000).multipleOf(0.01).default(0),
          refundYuan: z.number().min(0).max(1000000).multipleOf(0.01).default(0),
          extraYuan: z.number().min(0).max(100000).multipleOf(0.01).default(0),
          note: z.string().trim().min(1).max(200).optional(),
        })
        .refine((b) => b.exchange || b.couponYuan > 0 || b.refundYuan > 0 || b.extraYuan > 0, { message: 'give an amount or an exchange', path: ['couponYuan'] }),
      response: compensationSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        const r = await svc.compensate(a.staff!, c, {
          exchange: body.exchange,
          couponFen: Math.round(body.couponYuan * 100),
          refundFen: Math.round(body.refundYuan * 100),
          extraFen: Math.round(body.extraYuan * 100),
          note: body.note ?? null,
        });
        return compensation(r.compensation);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/complaints/:ticketNo/compensations/:compensationId/decision',
      summary: 'Approve or reject a compensation waiting for a manager',
      tags,
      auth: { kind: 'staff', roles: ['manager'] },
      errors: [404, 409],
      params: ticketParam.extend({ compensationId: z.coerce.number().int().positive() }),
      body: z.strictObject({ approve: z.boolean(), note: z.string().trim().min(1).max(200).optional() }),
      response: compensationSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        return compensation(await svc.decideCompensation(a.staff!, c, body.approve, body.note ?? null, params.compensationId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/admin/complaints/:ticketNo/root-cause',
      summary: 'Tag the root cause (shown in the report)',
      tags,
      auth,
      errors: [404],
      params: ticketParam,
      body: z.strictObject({ rootCause: text(32) }),
      response: detailSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        await svc.setRootCause(a.staff!, c, body.rootCause);
        return detail(c);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/reports/complaints',
      summary: 'Complaints report: categories, root causes, time to acknowledge/resolve (median, p90), SLA breaches, satisfaction, reopen rate, repeat complainers',
      tags: ['reports', 'complaints'],
      auth: { kind: 'staff', roles: ['manager'] },
      query: z
        .object({
          from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('first store-local day (default: 30 days before `to`)'),
          to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('last store-local day, included (default: today)'),
        })
        .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] }),
      response: complaintReportSchema,
      async handler({ query }) {
        const to = query.to ?? storeDateKey(deps.clock.now(), deps.timezone);
        const from = query.from ?? dayjs(to).subtract(30, 'day').format('YYYY-MM-DD');
        if (!dayjs(from).isValid() || !dayjs(to).isValid()) throw new ValidationError('Invalid date', [{ path: 'from', message: 'YYYY-MM-DD' }]);
        return complaintReport(deps.ds, { from, to, timezone: deps.timezone });
      },
    }),
  ];
}

