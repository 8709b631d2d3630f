/**
 * The routes of the console contract (issue 13) that the server adds on its side: signing in with a
 * chat code or a staff token, and the dashboard summary. Declared here in the generated shape until
 * /openapi.json carries them; once `npm run console:api-types` writes them into openapi.ts, the
 * generated declarations win (see `paths` in client.ts) and these can be deleted.
 */
import type { ErrorResponse } from './openapi';

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Errors<S extends number> = { [K in S]: ErrorResponse } & { default: ErrorResponse };

export interface SessionStaff {
  id: number;
  name: string;
  role: 'assistant' | 'manager' | 'admin';
}

export interface StaffSession {
  staff: SessionStaff;
  csrfToken: string;
  expiresAt?: string;
}

export interface DashboardSummary {
  today: {
    openComplaints: { ticketNo: string; memberName: string | null; status: string; dueAt: string | null; overdue: boolean }[];
    draftsToApprove: number;
    membersToContact: { memberId: number; code: string; name: string | null; reason: string }[];
  };
  charts: {
    members: { date: string; new: number; lost: number; net: number }[];
    messages: { date: string; sent: number; skippedByReason: { [reason: string]: number } }[];
    complaints: { date: string; met: number; breached: number; medianAckMinutes: number | null }[];
    satisfaction: { quarter: string; average: number | null; nps: number | null }[];
    assistants: { id: number; name: string; greetingsSent: number; complaintsHandled: number; members: number }[];
  } | null;
}

export interface contractPaths {
  '/admin/session': {
    parameters: NoParams;
    get: { parameters: NoParams; requestBody?: never; responses: { 200: Json<StaffSession> } & Errors<401> };
    post: {
      parameters: NoParams;
      requestBody: { content: { 'application/json': { code: string } | { token: string } } };
      responses: { 200: Json<StaffSession> } & Errors<400 | 401 | 429>;
    };
    delete: { parameters: NoParams; requestBody?: never; responses: { 204: { headers: { [name: string]: unknown }; content?: never } } & Errors<401> };
  };
  '/admin/dashboard/summary': {
    parameters: NoParams;
    get: {
      parameters: { query?: { days?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<DashboardSummary> } & Errors<400 | 401 | 403>;
    };
  };
}
