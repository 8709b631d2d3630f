import { z } from 'zod';
import { multiLine, plainId, queryBool, singleLine } from '../../shared/input-schema';
import { actorOf } from '../../http/actor';
import { defineRoute, idParam, type RouteDef } from '../../http/route';
import { iso, isoDateTime, pageOf, pageQuery, staffRefSchema } from '../../shared/api-schema';
import { profileFieldsOf, profileFieldsSchema } from '../member.schema';
import { SEARCH_COUNT_CAP, type MemberActivityViews, type MemberCard, type MemberDirectoryService } from './member-directory.service';
import { purchaseLine, purchaseLineSchema } from './purchase-line';

const LIFECYCLES = ['prospect', 'new', 'regular', 'loyal', 'dormant', 'lost'] as const;
const tagSchema = singleLine(32).refine((t) => !/[,\n\r\t]/.test(t), 'a tag cannot contain commas or line breaks');

export const memberCardSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string().nullable(),
    nickname: z.string().nullable(),
    phone: z.string().nullable().meta({ description: 'Full for the member’s own assistant and managers, masked (138****5678) otherwise' }),
    phoneMasked: z.boolean(),
    tier: z.string(),
    lifecycle: z.enum(LIFECYCLES),
    assistant: staffRefSchema.nullable(),
    tags: z.array(z.string()),
    optedOut: z.boolean(),
    lastPurchaseAt: isoDateTime.nullable(),
    lastContactAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    restricted: z.boolean().meta({ description: 'Another assistant’s member found by exact phone or code: no name, masked phone, no detail access' }),
  })
  .meta({ id: 'MemberCard' });

const cardOut = (c: MemberCard): z.infer<typeof memberCardSchema> => ({
  ...c,
  lastPurchaseAt: iso(c.lastPurchaseAt),
  lastContactAt: iso(c.lastContactAt),
  createdAt: c.createdAt.toISOString(),
});

const noteSchema = z
  .object({ id: z.number().int(), text: z.string(), staff: staffRefSchema.extend({ name: z.string().nullable() }), createdAt: isoDateTime })
  .meta({ id: 'MemberNote' });
const noteOut = (n: { id: number; text: string; staffId: number; staffName: string | null; createdAt: Date }) => ({
  id: n.id,
  text: n.text,
  staff: { id: n.staffId, name: n.staffName },
  createdAt: n.createdAt.toISOString(),
});

const memberDetailSchema = memberCardSchema
  .extend({
    ...profileFieldsSchema.shape,
    profileExtra: z.unknown().nullable(),
    source: z.string(),
    optedOutAt: isoDateTime.nullable(),
    consents: z.array(
      z.object({ purpose: z.string(), statement: z.string(), channel: z.string(), grantedAt: isoDateTime, withdrawnAt: isoDateTime.nullable() }),
    ),
    notes: z.array(noteSchema),
    purchases: z.object({
      summary: z
        .object({ count: z.number().int(), totalFen: z.number().int(), spend12mFen: z.number().int(), firstAt: isoDateTime.nullable(), lastAt: isoDateTime.nullable() })
        .nullable(),
      recent: z.array(purchaseLineSchema).meta({ description: 'The 50 most recent purchases' }),
    }),
    messages: z
      .array(z.object({ id: z.number().int(), direction: z.enum(['in', 'out']), kind: z.string(), text: z.string().nullable(), createdAt: isoDateTime, staffId: z.number().int().nullable() }))
      .meta({ description: 'The 100 most recent chat messages, newest first' }),
    complaints: z.array(z.unknown()).nullable().meta({ description: 'The member’s complaint tickets (null when the complaints module is not installed)' }),
  })
  .meta({ id: 'MemberDetail' });

const searchQuery = (segments: readonly [string, ...string[]] | undefined) => z.strictObject({
  name: singleLine(64).optional().meta({ description: 'Part of the name or WeChat nickname' }),
  phone: singleLine(32, { min: 5 }).optional().meta({ description: 'Exact mobile number (matched by its keyed hash)' }),
  code: z.string().trim().regex(/^M\d{6,}$/i).optional(),
  tag: tagSchema.optional(),
  tier: singleLine(16).optional(),
  assistantId: plainId.optional(),
  lifecycle: z.enum(LIFECYCLES).optional(),
  optedOut: queryBool.optional(),
  segment: z
    .enum(segments ?? ['high_value'])
    .optional()
    .meta({ description: 'RFM segment from the nightly scoring (high_value, potential, general, low_value, at_risk)' }),
  ...pageQuery,
});

export const MEMBER_ROLES = ['assistant', 'manager'] as const;
const memberAuth = { kind: 'staff' as const, roles: [...MEMBER_ROLES] };

export function memberDirectoryRoutes(svc: MemberDirectoryService, views: MemberActivityViews): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/members',
      summary: 'Search members by name, exact phone, code, tag, tier, assistant, lifecycle, RFM segment (assistants: their own members)',
      tags: ['admin-members'],
      auth: memberAuth,
      query: searchQuery(views.segments?.segments),
      response: pageOf(memberCardSchema).extend({
        totalCapped: z.boolean().meta({ description: `true when more than ${SEARCH_COUNT_CAP} members match: total then stops at ${SEARCH_COUNT_CAP}; narrow the filters` }),
      }),
      errors: [403],
      async handler({ query, auth, ctx }) {
        const { items, total, totalCapped } = await svc.search(actorOf(auth, ctx), query, views.segments);
        return { items: items.map(cardOut), page: query.page, pageSize: query.pageSize, total, totalCapped };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/members/:id',
      summary: 'One member: profile, consents, tags, notes, purchases, messages, complaints (read is audited)',
      tags: ['admin-members'],
      auth: memberAuth,
      params: idParam,
      response: memberDetailSchema,
      errors: [403, 404],
      async handler({ params, auth, ctx }) {
        const d = await svc.detail(actorOf(auth, ctx), params.id, views);
        const m = d.member;
        return {
          ...cardOut(d.card),
          ...profileFieldsOf(m, d.address),
          profileExtra: d.profileExtra,
          source: m.source,
          optedOutAt: iso(m.optedOutAt),
          consents: d.consents.map((c) => ({ purpose: c.purpose, statement: c.statement, channel: c.channel, grantedAt: c.grantedAt.toISOString(), withdrawnAt: iso(c.withdrawnAt) })),
          notes: d.notes.map(noteOut),
          purchases: {
            summary: d.summary ? { ...d.summary, firstAt: iso(d.summary.firstAt), lastAt: iso(d.summary.lastAt) } : null,
            recent: d.purchases.map(purchaseLine),
          },
          messages: d.messages.map((x) => ({ id: x.id, direction: x.direction, kind: x.kind, text: x.text, createdAt: x.createdAt.toISOString(), staffId: x.staffId })),
          complaints: d.complaints,
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/members/:id/tags',
      summary: 'Add tags to a member (existing ones are kept); answers the member’s tags',
      tags: ['admin-members'],
      auth: memberAuth,
      params: idParam,
      body: z.strictObject({ tags: z.array(tagSchema).min(1).max(20) }),
      response: z.object({ tags: z.array(z.string()) }),
      errors: [403, 404],
      async handler({ params, body, auth, ctx }) {
        return { tags: await svc.addTags(actorOf(auth, ctx), params.id, body.tags) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/admin/members/:id/tags/:tag',
      summary: 'Remove a tag from a member',
      tags: ['admin-members'],
      auth: memberAuth,
      params: z.strictObject({ id: plainId, tag: tagSchema }),
      response: z.object({ tags: z.array(z.string()) }),
      errors: [403, 404],
      async handler({ params, auth, ctx }) {
        return { tags: await svc.removeTag(actorOf(auth, ctx), params.id, params.tag) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/members/:id/notes',
      summary: 'Staff notes on a member, newest first',
      tags: ['admin-members'],
      auth: memberAuth,
      params: idParam,
      response: z.object({ items: z.array(noteSchema) }),
      errors: [403, 404],
      async handler({ params, auth, ctx }) {
        return { items: (await svc.notes(actorOf(auth, ctx), params.id)).map(noteOut) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/members/:id/notes',
      summary: 'Add a staff note to a member (never shown to the member)',
      tags: ['admin-members'],
      auth: memberAuth,
      params: idParam,
      body: z.strictObject({ text: multiLine(2000) }),
      response: noteSchema,
      status: 201,
      errors: [403, 404],
      async handler({ params, body, auth, ctx }) {
        return noteOut(await svc.addNote(actorOf(auth, ctx), params.id, body.text));
      },
    }),
  ];
}
