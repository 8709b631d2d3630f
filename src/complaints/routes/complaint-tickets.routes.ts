import { z } from 'zod';
import { bodyId, plainId, queryInt, singleLine } from '../../shared/input-schema';
import { defineRoute, type RouteDef } from '../../http/route';
import { ForbiddenError, ValidationError } from '../../shared/errors';
import type { Staff, StaffRole } from '../../staff';
import { boolQuery, category, detailSchema, status, summarySchema, text, ticketParam, type ComplaintRouteDeps, type ComplaintViews } from './complaint-views';

const tags = ['complaints'];
// Assistants and managers handle complaints; an admin (staff accounts) holds no member data.
const auth = { kind: 'staff' as const, roles: ['assistant', 'manager'] as StaffRole[] };

/** Staff reading and filing tickets: the list, one ticket, its photos, filing for a member, the saved replies. */
export function complaintTicketRoutes(deps: ComplaintRouteDeps, views: ComplaintViews): RouteDef[] {
  const { complaints } = deps;
  const { queries } = complaints;
  const { summary, detail } = views;
  const ticket = (staff: Staff | undefined, ticketNo: string) => queries.visibleTicket(staff!, ticketNo);

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
        assistantId: plainId.optional(),
        memberId: plainId.optional(),
        overdue: boolQuery.optional().describe('true: past the acknowledge or first-answer deadline right now'),
        limit: queryInt(1, 200).default(50),
        offset: queryInt(0, 100_000_000).default(0),
      }),
      response: z.object({ items: z.array(summarySchema), total: z.number().int() }),
      async handler({ query, auth: a }) {
        const { items, total } = await queries.list(a.staff!, query);
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
        memberId: bodyId.optional(),
        memberCode: z.string().regex(/^M\d{6,}$/i).optional(),
        description: text(2000),
        category,
        orderNo: singleLine(64, { min: 0 }).optional(),
      }).refine((b) => Boolean(b.memberId) !== Boolean(b.memberCode), { message: 'give memberId or memberCode', path: ['memberId'] }),
      response: detailSchema,
      async handler({ body, auth: a }) {
        const member = body.memberCode ? await deps.members.findByCode(body.memberCode) : await deps.members.get(body.memberId!);
        if (!member) throw new ValidationError('Unknown member', [{ path: 'memberCode', message: 'no such member' }]);
        const staff = a.staff!;
        if (staff.role === 'assistant' && member.assistantId !== staff.id) throw new ForbiddenError('An assistant files complaints for their own members');
        const c = await complaints.filing.open({ memberId: member.id, channel: 'staff', description: body.description, category: body.category, orderNo: body.orderNo ?? null, filedBy: staff });
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
        return { items: complaints.handling.savedReplyNames().map((name) => ({ name, text: deps.templates.render(`complaints.saved-replies.${name}`, { member: '{{member}}', staff: '{{staff}}', ticket: '{{ticket}}', store: '{{store}}' }) })) };
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
      params: ticketParam.extend({ photoId: plainId }),
      response: z.string().meta({ format: 'binary', description: 'The photo as the member sent it' }),
      responseContentTypes: ['image/jpeg', 'image/png', 'image/webp'],
      async handler({ params, auth: a }) {
        const c = await ticket(a.staff, params.ticketNo);
        const { photo, data } = await complaints.photos.photoData(c.id, params.photoId);
        return { raw: true as const, type: photo.mediaType, body: data, headers: { 'cache-control': 'private, max-age=300' } };
      },
    }),
  ];
}
