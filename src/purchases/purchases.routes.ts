import { createHash } from 'node:crypto';
import { type DataSource, In, IsNull } from 'typeorm';
import { z } from 'zod';
import { bodyId, instant, MULTI_LINE_TEXT, singleLine } from '../shared/input-schema';
import { assertCanReachMember } from '../staff';
import { actorOf } from '../http/actor';
import type { AuditService } from '../audit';
import { defineRoute, type RouteDef } from '../http/route';
import { Member, parsePhone } from '../members';
import type { MemberService } from '../members';
import { ValidationError } from '../shared/errors';
import { Staff } from '../staff';
import type { PurchaseInput, PurchaseService } from './purchase.service';

// The staff member detail imports these from here today; new code takes them from the index.

const yuan = z
  .number()
  .min(0)
  .max(10_000_000)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most two decimals (fen)')
  .meta({ description: 'Amount paid in yuan, e.g. 1299.5' });

export const purchaseInSchema = z
  .strictObject({
    memberId: bodyId.optional(),
    memberCode: z.string().trim().regex(/^M\d{6,}$/i, 'expected a member code such as M000123').optional(),
    phone: singleLine(32, { min: 5 }).optional().meta({ description: 'Member mobile number (exact match); never echoed back' }),
    purchasedAt: instant,
    items: singleLine(500),
    category: singleLine(64).optional(),
    quantity: z.number().int().min(1).max(100_000).default(1),
    amount: yuan,
    store: singleLine(64).optional(),
    assistantId: bodyId.optional().meta({ description: 'Who sold it; defaults to the recording assistant' }),
    idempotencyKey: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
      .optional()
      .meta({ description: 'Your unique id of this purchase (e.g. receipt no + line); resending it adds nothing' }),
  })
  .superRefine((v, ctx) => {
    const refs = [v.memberId, v.memberCode, v.phone].filter((x) => x !== undefined).length;
    if (refs !== 1) ctx.addIssue({ code: 'custom', path: ['memberId'], message: 'give exactly one of memberId, memberCode, phone' });
  })
  .meta({ id: 'PurchaseIn' });

type PurchaseIn = z.infer<typeof purchaseInSchema>;

const batchSchema = z.strictObject({ purchases: z.array(purchaseInSchema).min(1).max(500) });

const recordResultSchema = z.object({
  created: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int(),
      id: z.number().int(),
      memberId: z.number().int(),
      status: z.enum(['created', 'duplicate']),
      idempotencyKey: z.string(),
    }),
  ),
});

const problemSchema = z.object({
  field: z.string().optional(),
  column: z.number().int().optional().meta({ description: '1-based column of the cell, when the problem is in one cell' }),
  reason: z.string().meta({ description: 'In Chinese, naming the line and column, e.g. 第3行第6列（金额）：…' }),
});
const rowReportSchema = problemSchema.extend({
  line: z.number().int(),
  problems: z.array(problemSchema).meta({ description: 'Every problem of the row (reason joins them)' }),
});
const importResultSchema = z
  .object({
    total: z.number().int().meta({ description: 'Data rows in the file' }),
    imported: z.number().int(),
    duplicates: z.number().int().meta({ description: 'Rows imported before (same idempotency key): not added again' }),
    rejected: z.array(rowReportSchema).meta({ description: 'One entry per row not imported, with its line, column and reasons' }),
    warnings: z.array(rowReportSchema).meta({ description: 'Rows imported with a remark (e.g. unknown assistant)' }),
    encoding: z.string().meta({ description: 'How the bytes were read: utf-8, gb18030 (GBK), …' }),
  })
  .meta({ id: 'PurchaseImportResult' });

/** The CSV arrives as raw bytes (src/http gives text/csv bodies as a Buffer): the encoding is detected here. */
const csvBytes = z
  .custom<Buffer>((v) => Buffer.isBuffer(v) && v.length > 0, { message: 'send the CSV file as the body with Content-Type: text/csv' })
  .meta({ override: { type: 'string', format: 'binary', description: 'The POS export: UTF-8 (with or without BOM), GBK or GB18030; `charset=` in the Content-Type is honoured' } });

export function purchaseRoutes(deps: {
  ds: DataSource;
  purchases: Pick<PurchaseService, 'record' | 'importCsv'>;
  members: Pick<MemberService, 'phoneLookupHash'>;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
}): RouteDef[] {
  const { ds } = deps;

  /** Resolves each purchase's member, or lists which ones cannot be resolved. */
  async function resolveMembers(list: PurchaseIn[]): Promise<Member[]> {
    const problems: { path: string; message: string; code: string }[] = [];
    const out: Member[] = [];
    const repo = ds.getRepository(Member);
    for (const [index, p] of list.entries()) {
      let found: Member[] = [];
      if (p.memberId !== undefined) found = await repo.findBy({ id: p.memberId, erasedAt: IsNull() });
      else if (p.memberCode !== undefined) found = await repo.findBy({ code: p.memberCode.toUpperCase(), erasedAt: IsNull() });
      else {
        const phone = parsePhone(p.phone!);
        if (!phone.ok) {
          problems.push({ path: `purchases.${index}.phone`, message: 'not a mainland mobile number', code: 'invalid_phone' });
          continue;
        }
        found = await repo.findBy({ phoneHash: deps.members.phoneLookupHash(phone.value), erasedAt: IsNull() });
      }
      const field = p.memberId !== undefined ? 'memberId' : p.memberCode !== undefined ? 'memberCode' : 'phone';
      if (found.length === 1) out.push(found[0]);
      else
        problems.push({
          path: `purchases.${index}.${field}`,
          message: found.length ? 'several members match this phone number; use memberId or memberCode' : 'no such member',
          code: found.length ? 'ambiguous_member' : 'unknown_member',
        });
    }
    if (problems.length) throw new ValidationError('Some purchases name no (single) member; nothing was recorded', problems);
    return out;
  }

  return [
    defineRoute({
      method: 'post',
      path: '/admin/purchases',
      summary: 'Record one purchase, or a batch as {"purchases":[…]} (assistants: their own members only)',
      tags: ['purchases'],
      auth: { kind: 'staff', roles: ['assistant', 'manager'] },
      body: z.union([batchSchema, purchaseInSchema]),
      response: recordResultSchema,
      status: 201,
      errors: [403],
      async handler({ body, auth, ctx }) {
        const actor = actorOf(auth, ctx);
        const list: PurchaseIn[] = 'purchases' in body ? body.purchases : [body];
        const members = await resolveMembers(list);
        for (const m of members) assertCanReachMember(actor.staff, m);
        const assistantIds = [...new Set(list.flatMap((p) => (p.assistantId ? [p.assistantId] : [])))];
        if (assistantIds.length) {
          const known = new Set((await ds.getRepository(Staff).findBy({ id: In(assistantIds) })).map((s) => s.id));
          const unknown = list.flatMap((p, index) => (p.assistantId && !known.has(p.assistantId) ? [{ path: `purchases.${index}.assistantId`, message: 'no such staff member', code: 'unknown_staff' }] : []));
          if (unknown.length) throw new ValidationError('Unknown assistant; nothing was recorded', unknown);
        }
        const inputs: PurchaseInput[] = list.map((p, i) => {
          const input = {
            memberId: members[i].id,
            purchasedAt: new Date(p.purchasedAt),
            items: p.items,
            category: p.category ?? null,
            quantity: p.quantity,
            amountFen: Math.round(p.amount * 100),
            store: p.store ?? null,
            assistantId: p.assistantId ?? (actor.staff.role === 'assistant' ? actor.staff.id : null),
          };
          const key = p.idempotencyKey
            ? `api:${p.idempotencyKey}`
            : `api:${createHash('sha256')
                .update([input.memberId, input.purchasedAt.toISOString(), input.items, input.category ?? '', input.quantity, input.amountFen, input.store ?? ''].join('\u001f'))
                .digest('hex')}`;
          return { ...input, idempotencyKey: key };
        });
        const outcomes = await deps.purchases.record(inputs, 'api');
        const created = outcomes.filter((o) => o.status === 'created');
        const perMember = new Map<number, number[]>();
        for (const o of created) perMember.set(o.memberId, [...(perMember.get(o.memberId) ?? []), o.id]);
        await deps.audit.recordMany(
          actor,
          [...perMember].map(([memberId, ids]) => ({ action: 'purchase.create', memberId, details: { purchaseIds: ids } })),
        );
        return {
          created: created.length,
          duplicates: outcomes.length - created.length,
          results: outcomes.map((o, index) => ({ index, id: o.id, memberId: o.memberId, status: o.status, idempotencyKey: o.idempotencyKey })),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/purchases/import',
      summary: 'Import a POS export (CSV: time, member phone or code, items, category, quantity, amount, store, assistant); re-importing adds nothing',
      tags: ['purchases'],
      auth: { kind: 'staff', roles: ['manager'] },
      bodyContentType: 'text/csv',
      body: csvBytes,
      response: importResultSchema,
      async handler({ body, auth, ctx }) {
        const actor = actorOf(auth, ctx);
        const result = await deps.purchases.importCsv(body, ctx.get('Content-Type'));
        await deps.audit.record(actor, {
          action: 'purchase.import',
          targetType: 'purchase',
          details: { total: result.total, imported: result.imported, duplicates: result.duplicates, rejected: result.rejected.length, encoding: result.encoding },
        });
        return result;
      },
    }),
  ];
}
