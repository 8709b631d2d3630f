import { z } from 'zod';
import { isoDateTime } from '../../shared/api-schema';

/** Why a member is on the list of people to contact today. */
export const CONTACT_REASONS = ['at_risk', 'vip_quiet', 'dormant'] as const;
export type ContactReason = (typeof CONTACT_REASONS)[number];

const openComplaintSchema = z.object({
  ticketNo: z.string(),
  memberName: z.string().meta({ description: 'Empty for a member who erased their data' }),
  status: z.enum(['open', 'in_progress']),
  dueAt: isoDateTime.nullable().meta({ description: 'The next deadline: acknowledge (not yet acknowledged), else the first answer; null once answered' }),
  overdue: z.boolean(),
});

const memberToContactSchema = z.object({
  memberId: z.number().int(),
  code: z.string(),
  name: z.string(),
  reason: z.enum(CONTACT_REASONS).meta({
    description: 'at_risk: a regular who turns dormant within 14 days without a purchase; vip_quiet: a member with a tier not contacted for 30 days; dormant: lapsed, not contacted for 30 days',
  }),
});

export const dashboardSummarySchema = z
  .object({
    today: z.object({
      openComplaints: z.array(openComplaintSchema).meta({ description: 'Open and in-progress tickets, overdue first, then by deadline (at most 50)' }),
      draftsToApprove: z.number().int().meta({ description: 'Morning-list drafts due by the end of today still waiting for a decision' }),
      membersToContact: z.array(memberToContactSchema).meta({ description: 'At most 10 per reason, not opted out' }),
    }),
    charts: z
      .object({
        members: z.array(z.object({ date: z.string(), new: z.number().int(), lost: z.number().int(), net: z.number().int() })).meta({
          description: 'Per store day: new = joined; lost = turned dormant (DORMANT_AFTER_DAYS after their last purchase) or opted out that day and still out; net = new − lost',
        }),
        messages: z.array(z.object({ date: z.string(), sent: z.number().int(), skippedByReason: z.record(z.string(), z.number().int()) })).meta({
          description: 'Proactive messages sent per day (by time sent), and those due that day that were skipped, by reason',
        }),
        complaints: z.array(z.object({ date: z.string(), met: z.number().int(), breached: z.number().int(), medianAckMinutes: z.number().nullable() })).meta({
          description: 'Per day of filing: met = acknowledged and answered without a recorded breach; breached = an acknowledge or first-answer deadline missed; median minutes to a person’s acknowledgement',
        }),
        satisfaction: z.array(z.object({ quarter: z.string(), average: z.number().nullable(), nps: z.number().int().nullable(), responses: z.number().int() })).meta({
          description: 'The last four quarters of the satisfaction survey: average of every 1–5 answer, NPS (−100…100)',
        }),
        assistants: z.array(z.object({ id: z.number().int(), name: z.string(), greetingsSent: z.number().int(), complaintsHandled: z.number().int(), members: z.number().int() })).meta({
          description: 'Active assistants over the period: greetings sent, complaints first resolved, members looked after now',
        }),
      })
      .nullable()
      .meta({ description: 'Managers only; null for an assistant' }),
  })
  .meta({ id: 'DashboardSummary' });

export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;
export type DashboardToday = DashboardSummary['today'];
export type DashboardCharts = NonNullable<DashboardSummary['charts']>;
