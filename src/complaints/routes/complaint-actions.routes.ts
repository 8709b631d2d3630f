import { z } from 'zod';
import { bodyId, multiLine, plainId, singleLine } from '../../shared/input-schema';
import { defineRoute, type RouteDef } from '../../http/route';
import { ValidationError } from '../../shared/errors';
import type { Staff, StaffRole } from '../../staff';
import { compensationSchema, detailSchema, text, ticketParam, type ComplaintRouteDeps, type ComplaintViews } from './complaint-views';

const tags = ['complaints'];
// Assistants and managers handle complaints; an admin (staff accounts) holds no member data.
const auth = { kind: 'staff' as const, roles: ['assistant', 'manager'] as StaffRole[] };

/** What staff do to a ticket over HTTP: acknowledge, reply, hand over, resolve, compensate, decide, tag the root cause. */
export function complaintActionRoutes(deps: ComplaintRouteDeps, views: ComplaintViews): RouteDef[] {
  const { complaints } = deps;
  const { queries, handling } = complaints;
  const { compensation, detail } = views;
  const ticket = (staff: Staff | undefined, ticketNo: string) => queries.visibleTicket(staff!, ticketNo);

  return [
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
        await handling.acknowledge(a.staff!, c);
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
      body: z.strictObject({ text: text(1500).optional(), savedReply: singleLine(32).optional() }).refine((b) => b.text || b.savedReply, { message: 'give text or savedReply', path: ['text'] }),
      response: detailSchema.extend({ delivered: z.boolean() }),
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        let message = body.text ?? '';
        if (body.savedReply) {
          const saved = await handling.savedReply(body.savedReply, c, a.staff!);
          if (!saved) throw new ValidationError('Unknown saved reply', [{ path: 'savedReply', message: `one of ${handling.savedReplyNames().join(', ')}` }]);
          message = [saved, body.text].filter(Boolean).join('\n');
        }
        const r = await handling.reply(a.staff!, c, message);
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
      body: z.strictObject({ staffId: bodyId }),
      response: detailSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        const to = await deps.staff.get(body.staffId);
        await handling.assign(a.staff!, c, to);
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
        const r = await handling.resolve(a.staff!, c, body.resolution);
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
          note: multiLine(200).optional(),
        })
        .refine((b) => b.exchange || b.couponYuan > 0 || b.refundYuan > 0 || b.extraYuan > 0, { message: 'give an amount or an exchange', path: ['couponYuan'] }),
      response: compensationSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        const r = await complaints.compensations.compensate(a.staff!, c, {
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
      params: ticketParam.extend({ compensationId: plainId }),
      body: z.strictObject({ approve: z.boolean(), note: multiLine(200).optional() }),
      response: compensationSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        return compensation(await complaints.compensations.decide(a.staff!, c, body.approve, body.note ?? null, params.compensationId));
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
      body: z.strictObject({ rootCause: singleLine(32) }),
      response: detailSchema,
      async handler({ params, body, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        await handling.setRootCause(a.staff!, c, body.rootCause);
        return detail(c);
      },
    }),
  ];
}
