/* eslint-disable */
// Generated from /openapi.json by `npm run console:api-types` (scripts/openapi-types.ts): do not edit.
// test/integration/console-api-types.test.ts fails when the API and this file differ.

export interface paths {
    "/admin/audit": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** The audit log: who read or changed what, newest first (managers and admins) */
        get: operations["getAdminAudit"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/calendar": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Festivals and season changes in the coming days (what the care planner will raise) */
        get: operations["getAdminCareCalendar"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/drafts": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Proactive messages waiting for the assistant (today by default); assistants see only their members’ */
        get: operations["getAdminCareDrafts"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/drafts/{id}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Rewrite a draft; the new text is approved for sending, signed by the staff member unless they signed it. A promotion word in a festival, season or long-time-no-see text is refused (400, field text) */
        put: operations["putAdminCareDraftsById"];
        get?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/drafts/{id}/send": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Approve a draft: it is delivered at its time (never in quiet hours) */
        post: operations["postAdminCareDraftsByIdSend"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/drafts/{id}/skip": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Skip a draft (recorded as skipped by the assistant) */
        post: operations["postAdminCareDraftsByIdSkip"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/drafts/send-all": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Approve every draft of today (the assistant’s own, or all for a manager) */
        post: operations["postAdminCareDraftsSendAll"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/forecast": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Proactive messages expected per chat account and store day (festivals, birthdays, follow-ups, surveys) against each account’s daily ceiling; managers only */
        get: operations["getAdminCareForecast"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/care/plan": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Plans a day now (idempotent: rows that exist are kept); managers only */
        post: operations["postAdminCarePlan"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/chat/accounts": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Every store WeChat account: state, login QR code, members, and today’s sends against the daily ceiling */
        get: operations["getAdminChatAccounts"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/chat/qrcode": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** The login QR code while an account waits for a scan (404 when logged in) */
        get: operations["getAdminChatQrcode"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/chat/status": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** State of one store WeChat account (the first unless ?account= names another) */
        get: operations["getAdminChatStatus"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** List complaints (an assistant sees the tickets of their own members and those they handle) */
        get: operations["getAdminComplaints"];
        /** File a complaint on a member’s behalf (e.g. told in the store or on the phone) */
        post: operations["postAdminComplaints"];
        put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** One complaint with its full timeline, photos and compensations */
        get: operations["getAdminComplaintsByTicketNo"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/acknowledge": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Acknowledge (受理): a person is on it; stops the acknowledge deadline */
        post: operations["postAdminComplaintsByTicketNoAcknowledge"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/assign": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Hand the ticket to another assistant or manager (manager, or the assistant handling it) */
        post: operations["postAdminComplaintsByTicketNoAssign"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/compensations": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Compensate: minor coupon by anyone; medium (exchange / larger coupon) needs a note; severe (refund, extra) needs a manager */
        post: operations["postAdminComplaintsByTicketNoCompensations"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/compensations/{compensationId}/decision": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Approve or reject a compensation waiting for a manager */
        post: operations["postAdminComplaintsByTicketNoCompensationsByCompensationIdDecision"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/photos/{photoId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** A photo the member sent with the complaint */
        get: operations["getAdminComplaintsByTicketNoPhotosByPhotoId"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/replies": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Reply to the member in chat, signed by the staff member (text, or a saved reply by name) */
        post: operations["postAdminComplaintsByTicketNoReplies"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/resolve": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Resolve: tell the member what was done and ask whether they are satisfied */
        post: operations["postAdminComplaintsByTicketNoResolve"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/{ticketNo}/root-cause": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Tag the root cause (shown in the report) */
        put: operations["putAdminComplaintsByTicketNoRootCause"];
        get?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/complaints/saved-replies": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** The store’s saved replies (approved wordings), usable as `回复 /name` in chat or `savedReply` in the API */
        get: operations["getAdminComplaintsSavedReplies"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/dashboard/summary": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Today (open complaints with deadlines, drafts to approve, members to contact) and, for managers, the charts of the last `days` days; assistants see their own and no charts */
        get: operations["getAdminDashboardSummary"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/loyalty/visit-plan": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** VIP members not yet contacted enough this month and at-risk high-value members, for one assistant (assistants: their own) */
        get: operations["getAdminLoyaltyVisitPlan"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/me": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Who this token belongs to */
        get: operations["getAdminMe"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Search members by name, exact phone, code, tag, tier, assistant, lifecycle, RFM segment (assistants: their own members) */
        get: operations["getAdminMembers"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** One member: profile, consents, tags, notes, purchases, messages, complaints (read is audited) */
        get: operations["getAdminMembersById"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/merge": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Merge another record of the same person into this member (managers): every purchase, message, complaint, tag and note moves here; the other record is closed; audited */
        post: operations["postAdminMembersByIdMerge"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/notes": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Staff notes on a member, newest first */
        get: operations["getAdminMembersByIdNotes"];
        /** Add a staff note to a member (never shown to the member) */
        post: operations["postAdminMembersByIdNotes"];
        put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/points": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** A member’s points: balance, what expires when, the latest ledger entries */
        get: operations["getAdminMembersByIdPoints"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/points/adjustments": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Adjust a member’s points with a reason (manager); 409 when it would go below zero */
        post: operations["postAdminMembersByIdPointsAdjustments"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/points/redemptions": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Redeem points (assistants: their own members, up to POINTS_ASSISTANT_REDEEM_MAX at a time); 409 when the balance is short */
        post: operations["postAdminMembersByIdPointsRedemptions"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/reassign": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Give a member another assistant (managers); their open drafts, greetings and complaints move along in one transaction; the member is told in chat */
        post: operations["postAdminMembersByIdReassign"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/segment": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** A member’s RFM scores (1–5), segment and segment history, from the nightly scoring (assistants: their own members) */
        get: operations["getAdminMembersByIdSegment"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/tags": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Add tags to a member (existing ones are kept); answers the member’s tags */
        post: operations["postAdminMembersByIdTags"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/members/{id}/tags/{tag}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Remove a tag from a member */
        delete: operations["deleteAdminMembersByIdTagsByTag"];
        get?: never; put?: never; post?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/outbox/{id}/resolve": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Close a message that needed a check: the member got it (sent) or not (failed) */
        post: operations["postAdminOutboxByIdResolve"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/outbox/check": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Messages interrupted mid-send: did the member get them? (assistants see their members’) */
        get: operations["getAdminOutboxCheck"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/purchases": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Record one purchase, or a batch as {"purchases":[…]} (assistants: their own members only) */
        post: operations["postAdminPurchases"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/purchases/import": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Import a POS export (CSV: time, member phone or code, items, category, quantity, amount, store, assistant); re-importing adds nothing */
        post: operations["postAdminPurchasesImport"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/assistants": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Monthly figures per assistant: greetings, follow-ups, complaints handled, response medians, satisfaction, VIP plan, members gained/lost, referrals (assistants see their own) */
        get: operations["getAdminReportsAssistants"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/care": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Monthly care figures per assistant (greetings sent, follow-ups done, surveys sent), skip reasons and the on-time rate per occasion (assistants see their own) */
        get: operations["getAdminReportsCare"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/care.csv": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Monthly care figures per assistant as CSV (assistants get their own row) */
        get: operations["getAdminReportsCareCsv"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/complaints": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Complaints report: categories, root causes, time to acknowledge/answer/resolve (median, p90; elapsed and in store opening hours), SLA breaches, satisfaction, reopen rate, repeat complainers */
        get: operations["getAdminReportsComplaints"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/complaints.csv": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Complaints filed in a period, one row per ticket, as CSV (managers) */
        get: operations["getAdminReportsComplaintsCsv"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/retention": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Retention per week or month: members at start, new, lost, lapsed, came back, net, retention rate; per assistant (assistants see their own members) */
        get: operations["getAdminReportsRetention"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/retention.csv": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** The retention report as CSV: one row per period, the total, then one row per assistant (assistants get their own) */
        get: operations["getAdminReportsRetentionCsv"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/satisfaction": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Quarterly satisfaction survey: average per dimension (1–5), NPS, completed and partial answers */
        get: operations["getAdminReportsSatisfaction"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/reports/satisfaction.csv": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** The quarterly satisfaction survey as CSV: average per dimension, NPS and its parts (managers, admins) */
        get: operations["getAdminReportsSatisfactionCsv"];
        put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/session": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** The console session of this browser (cookie): who, its CSRF token and when it ends; 401 without one */
        get: operations["getAdminSession"];
        /** Sign in to the staff console with a one-time code from chat (登录) or a staff API token; sets the laoke_session cookie */
        post: operations["postAdminSession"];
        /** Sign out: ends this console session and clears the cookie (send X-CSRF-Token) */
        delete: operations["deleteAdminSession"];
        put?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/staff": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** All staff accounts with how many members each looks after (managers and admins) */
        get: operations["getAdminStaff"];
        /** Create a staff account and its first token (admins) */
        post: operations["postAdminStaff"];
        put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/staff/{id}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Rename, change role or WeChat contact, deactivate or reactivate a staff account (admins) */
        patch: operations["patchAdminStaffById"];
        get?: never; put?: never; post?: never; delete?: never; options?: never; head?: never; trace?: never;
    };
    "/admin/staff/{id}/handover": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Hand all members of a (leaving) assistant, with their open drafts, greetings and complaints, to one successor or spread them over the other assistants (managers); each member is told */
        post: operations["postAdminStaffByIdHandover"];
        get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
    "/admin/staff/{id}/tokens": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        /** Issue another API token for a staff member (admins); shown once */
        post: operations["postAdminStaffByIdTokens"];
        /** Revoke every token of a staff member (admins) */
        delete: operations["deleteAdminStaffByIdTokens"];
        get?: never; put?: never; options?: never; head?: never; patch?: never; trace?: never;
    };
}

export interface components {
    schemas: {
        AssistantFigures: {
            assistantId: number;
            name: string;
            greetingsSent: number;
            followUpsDone: number;
            /** tickets first resolved that month */
            complaintsHandled: number;
            /** filing → acknowledgement, tickets acknowledged that month */
            medianAckMinutes: number | null;
            /** filing → first real answer, tickets first answered that month */
            medianAnswerHours: number | null;
            /** complaint follow-up survey answered that month */
            complaintSatisfaction: {
                answers: number;
                /** 1–5, one decimal; null without answers */
                average: number | null;
            };
            /** quarterly survey completed that month by their members (average of the dimensions) */
            surveySatisfaction: {
                answers: number;
                /** 1–5, one decimal; null without answers */
                average: number | null;
            };
            /** 0–1; null while VIP visit plans do not report it */
            vipPlanCompletion: number | null;
            membersGained: number;
            membersLost: number;
            /** null while referrals do not report it */
            successfulReferrals: number | null;
        };
        AuditEntry: {
            id: number;
            at: string;
            staff: {
                id: number | null;
                name: string | null;
                role: string | null;
            };
            action: string;
            memberId: number | null;
            target: {
                type: string | null;
                id: string | null;
            };
            details: unknown | null;
            ip: string | null;
        };
        Birthday: {
            calendar: "solar" | "lunar";
            year: number | null;
            month: number;
            day: number;
            leapMonth: boolean;
        };
        CareDraft: {
            id: number;
            /** Number in the staff member’s chat list today, if listed */
            no: number | null;
            memberId: number;
            memberCode: string | null;
            memberName: string | null;
            assistantId: number | null;
            occasion: string;
            occasionLabel: string;
            occasionDate: string;
            text: string;
            status: "draft" | "queued" | "sending" | "sent" | "skipped" | "failed" | "check";
            needsApproval: boolean;
            dueAt: string;
            reason: string | null;
            decidedBy: number | null;
            sentAt: string | null;
        };
        ComplaintCompensation: {
            id: number;
            level: "minor" | "medium" | "severe";
            status: "granted" | "pending" | "rejected";
            description: string;
            exchange: boolean;
            couponYuan: number;
            refundYuan: number;
            extraYuan: number;
            note: string | null;
            requestedBy: number;
            decidedBy: number | null;
            decidedAt: string | null;
            decisionNote: string | null;
            /** ISO 8601 instant */
            createdAt: string;
        };
        ComplaintDetail: {
            id: number;
            ticketNo: string;
            status: "open" | "in_progress" | "resolved" | "closed";
            category: "quality" | "service" | "price" | "delivery" | "environment" | "after_sales" | "other";
            channel: "chat" | "mp" | "staff";
            member: {
                id: number;
                code: string;
                name: string;
            };
            assistant: {
                id: number;
                name: string;
            } | null;
            summary: string;
            orderNo: string | null;
            rootCause: string | null;
            /** ISO 8601 instant */
            createdAt: string;
            acknowledgedAt: string | null;
            firstAnsweredAt: string | null;
            resolvedAt: string | null;
            closedAt: string | null;
            reopenCount: number;
            /** past a deadline right now */
            overdue: {
                acknowledge: boolean;
                answer: boolean;
            };
            /** deadline breaches recorded on the ticket */
            breaches: {
                acknowledge: string | null;
                answer: string | null;
            };
            description: string;
            resolution: string | null;
            satisfied: boolean | null;
            survey: {
                sentAt: string | null;
                score: number | null;
                comment: string | null;
                answeredAt: string | null;
            };
            photos: {
                id: number;
                name: string;
                mediaType: string;
                sizeBytes: number;
                url: string;
            }[];
            compensations: components["schemas"]["ComplaintCompensation"][];
            timeline: {
                /** ISO 8601 instant */
                at: string;
                type: string;
                actor: {
                    kind: "member" | "staff" | "system";
                    id: number | null;
                    name: string;
                };
                text: string | null;
                visibleToMember: boolean;
            }[];
        };
        ComplaintReport: {
            /** first store-local day included (YYYY-MM-DD) */
            from: string;
            /** last store-local day included (YYYY-MM-DD) */
            to: string;
            timezone: string;
            total: number;
            byStatus: {
                [key: string]: number;
            };
            byCategory: {
                [key: string]: number;
            };
            /** "(untagged)" counts tickets without a root cause yet */
            byRootCause: {
                [key: string]: number;
            };
            /** elapsed time, filing to the first acknowledgement */
            timeToAcknowledgeMinutes: {
                /** tickets with a value */
                count: number;
                median: number | null;
                p90: number | null;
            };
            /** the same in store time: opening hours only, public holidays skipped, 调休 days counted (what the deadline counts) */
            timeToAcknowledgeStoreMinutes: {
                /** tickets with a value */
                count: number;
                median: number | null;
                p90: number | null;
            };
            /** elapsed time, filing to the first real answer that reached the member */
            timeToFirstAnswerHours: {
                /** tickets with a value */
                count: number;
                median: number | null;
                p90: number | null;
            };
            /** the same in store time (what the deadline counts) */
            timeToFirstAnswerStoreHours: {
                /** tickets with a value */
                count: number;
                median: number | null;
                p90: number | null;
            };
            /** filing to the first resolution */
            timeToResolveHours: {
                /** tickets with a value */
                count: number;
                median: number | null;
                p90: number | null;
            };
            /** the same in store time */
            timeToResolveStoreHours: {
                /** tickets with a value */
                count: number;
                median: number | null;
                p90: number | null;
            };
            slaBreaches: {
                acknowledge: number;
                firstAnswer: number;
            };
            satisfaction: {
                /** tickets resolved at least once */
                resolved: number;
                satisfied: number;
                notSatisfied: number;
                noAnswer: number;
                /** satisfied / answered */
                satisfiedRate: number | null;
                survey: {
                    sent: number;
                    answered: number;
                    averageScore: number | null;
                    distribution: {
                        [key: string]: number;
                    };
                };
            };
            reopen: {
                resolved: number;
                reopened: number;
                rate: number | null;
            };
            repeatComplainers: {
                memberId: number;
                code: string;
                name: string;
                count: number;
                tickets: string[];
            }[];
        };
        ComplaintSummary: {
            id: number;
            ticketNo: string;
            status: "open" | "in_progress" | "resolved" | "closed";
            category: "quality" | "service" | "price" | "delivery" | "environment" | "after_sales" | "other";
            channel: "chat" | "mp" | "staff";
            member: {
                id: number;
                code: string;
                name: string;
            };
            assistant: {
                id: number;
                name: string;
            } | null;
            summary: string;
            orderNo: string | null;
            rootCause: string | null;
            /** ISO 8601 instant */
            createdAt: string;
            acknowledgedAt: string | null;
            firstAnsweredAt: string | null;
            resolvedAt: string | null;
            closedAt: string | null;
            reopenCount: number;
            /** past a deadline right now */
            overdue: {
                acknowledge: boolean;
                answer: boolean;
            };
            /** deadline breaches recorded on the ticket */
            breaches: {
                acknowledge: string | null;
                answer: string | null;
            };
        };
        ConsoleSession: {
            staff: {
                id: number;
                name: string;
                role: "assistant" | "manager" | "admin";
            };
            /** Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with this session */
            csrfToken: string;
            /** When the session ends unless used again (idle timeout), or its absolute end (12 h after sign-in) if sooner */
            expiresAt: string;
        };
        DashboardSummary: {
            today: {
                /** Open and in-progress tickets, overdue first, then by deadline (at most 50) */
                openComplaints: {
                    ticketNo: string;
                    /** Empty for a member who erased their data */
                    memberName: string;
                    status: "open" | "in_progress";
                    /** The next deadline: acknowledge (not yet acknowledged), else the first answer; null once answered */
                    dueAt: string | null;
                    overdue: boolean;
                }[];
                /** Morning-list drafts due by the end of today still waiting for a decision */
                draftsToApprove: number;
                /** At most 10 per reason, not opted out */
                membersToContact: {
                    memberId: number;
                    code: string;
                    name: string;
                    /** at_risk: a regular who turns dormant within 14 days without a purchase; vip_quiet: a member with a tier not contacted for 30 days; dormant: lapsed, not contacted for 30 days */
                    reason: "at_risk" | "vip_quiet" | "dormant";
                }[];
            };
            /** Managers only; null for an assistant */
            charts: {
                /** Per store day: new = joined; lost = turned dormant (DORMANT_AFTER_DAYS after their last purchase) or opted out that day and still out; net = new − lost */
                members: {
                    date: string;
                    new: number;
                    lost: number;
                    net: number;
                }[];
                /** Proactive messages sent per day (by time sent), and those due that day that were skipped, by reason */
                messages: {
                    date: string;
                    sent: number;
                    skippedByReason: {
                        [key: string]: number;
                    };
                }[];
                /** Per day of filing: met = acknowledged and answered without a recorded breach; breached = an acknowledge or first-answer deadline missed; median minutes to a person’s acknowledgement */
                complaints: {
                    date: string;
                    met: number;
                    breached: number;
                    medianAckMinutes: number | null;
                }[];
                /** The last four quarters of the satisfaction survey: average of every 1–5 answer, NPS (−100…100) */
                satisfaction: {
                    quarter: string;
                    average: number | null;
                    nps: number | null;
                    responses: number;
                }[];
                /** Active assistants over the period: greetings sent, complaints first resolved, members looked after now */
                assistants: {
                    id: number;
                    name: string;
                    greetingsSent: number;
                    complaintsHandled: number;
                    members: number;
                }[];
            } | null;
        };
        Error: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        MemberCard: {
            id: number;
            code: string;
            name: string | null;
            nickname: string | null;
            /** Full for the member’s own assistant and managers, masked (138****5678) otherwise */
            phone: string | null;
            phoneMasked: boolean;
            tier: string;
            lifecycle: "prospect" | "new" | "regular" | "loyal" | "dormant" | "lost";
            assistant: components["schemas"]["StaffRef"] | null;
            tags: string[];
            optedOut: boolean;
            lastPurchaseAt: string | null;
            lastContactAt: string | null;
            createdAt: string;
            /** Another assistant’s member found by exact phone or code: no name, masked phone, no detail access */
            restricted: boolean;
        };
        MemberDetail: {
            id: number;
            code: string;
            name: string | null;
            nickname: string | null;
            /** Full for the member’s own assistant and managers, masked (138****5678) otherwise */
            phone: string | null;
            phoneMasked: boolean;
            tier: string;
            lifecycle: "prospect" | "new" | "regular" | "loyal" | "dormant" | "lost";
            assistant: components["schemas"]["StaffRef"] | null;
            tags: string[];
            optedOut: boolean;
            lastPurchaseAt: string | null;
            lastContactAt: string | null;
            createdAt: string;
            /** Another assistant’s member found by exact phone or code: no name, masked phone, no detail access */
            restricted: boolean;
            gender: ("female" | "male") | null;
            ageRange: string | null;
            birthday: components["schemas"]["Birthday"] | null;
            address: string | null;
            email: string | null;
            occupation: string | null;
            isMother: boolean | null;
            isFather: boolean | null;
            isTeacher: boolean | null;
            profileExtra: unknown | null;
            source: string;
            optedOutAt: string | null;
            consents: {
                purpose: string;
                statement: string;
                channel: string;
                grantedAt: string;
                withdrawnAt: string | null;
            }[];
            notes: components["schemas"]["MemberNote"][];
            purchases: {
                summary: {
                    count: number;
                    totalFen: number;
                    spend12mFen: number;
                    firstAt: string | null;
                    lastAt: string | null;
                } | null;
                /** The 50 most recent purchases */
                recent: components["schemas"]["Purchase"][];
            };
            /** The 100 most recent chat messages, newest first */
            messages: {
                id: number;
                direction: "in" | "out";
                kind: string;
                text: string | null;
                createdAt: string;
                staffId: number | null;
            }[];
            /** The member’s complaint tickets (null when the complaints module is not installed) */
            complaints: unknown[] | null;
        };
        MemberNote: {
            id: number;
            text: string;
            staff: {
                id: number;
                name: string | null;
            };
            createdAt: string;
        };
        MemberPointsForStaff: {
            memberId: number;
            code: string;
            balance: number;
            expiring: {
                /** Last day the points can be used (store time, YYYY-MM-DD) */
                date: string;
                points: number;
            }[];
            /** Newest first */
            entries: components["schemas"]["PointsEntry"][];
        };
        MemberSegment: {
            memberId: number;
            /** null until the member has bought something and been scored */
            segment: ("high_value" | "potential" | "general" | "low_value" | "at_risk") | null;
            recency: number | null;
            frequency: number | null;
            monetary: number | null;
            changedAt: string | null;
            history: {
                fromSegment: ("high_value" | "potential" | "general" | "low_value" | "at_risk") | null;
                toSegment: "high_value" | "potential" | "general" | "low_value" | "at_risk";
                recency: number;
                frequency: number;
                monetary: number;
                changedAt: string;
            }[];
        };
        PointsAdjustmentIn: {
            /** Signed: +200 adds, -200 takes away */
            points: number;
            reason: string;
        };
        PointsChange: {
            /** duplicate: this idempotencyKey was redeemed before; nothing changed */
            status: "applied" | "duplicate";
            balance: number;
            entry: components["schemas"]["PointsEntry"] | null;
        };
        PointsEntry: {
            id: number;
            kind: "earned" | "redeemed" | "expired" | "adjusted" | "reversed" | "referral";
            points: number;
            balanceAfter: number;
            reason: string;
            by: {
                kind: "staff" | "system";
                staffId: number | null;
            };
            purchaseId: number | null;
            at: string;
        };
        PointsRedemptionIn: {
            points: number;
            /** What it was redeemed for (保温杯, 抵现 ¥20 …) */
            note?: string;
            /** The till’s id of this redemption: sending it again redeems nothing more */
            idempotencyKey?: string;
        };
        Purchase: {
            id: number;
            purchasedAt: string;
            items: string;
            category: string | null;
            quantity: number;
            amountFen: number;
            amount: number;
            store: string | null;
            assistantId: number | null;
            isFirstPurchase: boolean;
            source: string;
        };
        PurchaseImportResult: {
            /** Data rows in the file */
            total: number;
            imported: number;
            /** Rows imported before (same idempotency key): not added again */
            duplicates: number;
            /** One entry per row not imported, with its line, column and reasons */
            rejected: {
                field?: string;
                /** 1-based column of the cell, when the problem is in one cell */
                column?: number;
                /** In Chinese, naming the line and column, e.g. 第3行第6列（金额）：… */
                reason: string;
                line: number;
                /** Every problem of the row (reason joins them) */
                problems: {
                    field?: string;
                    /** 1-based column of the cell, when the problem is in one cell */
                    column?: number;
                    /** In Chinese, naming the line and column, e.g. 第3行第6列（金额）：… */
                    reason: string;
                }[];
            }[];
            /** Rows imported with a remark (e.g. unknown assistant) */
            warnings: {
                field?: string;
                /** 1-based column of the cell, when the problem is in one cell */
                column?: number;
                /** In Chinese, naming the line and column, e.g. 第3行第6列（金额）：… */
                reason: string;
                line: number;
                /** Every problem of the row (reason joins them) */
                problems: {
                    field?: string;
                    /** 1-based column of the cell, when the problem is in one cell */
                    column?: number;
                    /** In Chinese, naming the line and column, e.g. 第3行第6列（金额）：… */
                    reason: string;
                }[];
            }[];
            /** How the bytes were read: utf-8, gb18030 (GBK), … */
            encoding: string;
        };
        PurchaseIn: {
            memberId?: number;
            memberCode?: string;
            /** Member mobile number (exact match); never echoed back */
            phone?: string;
            purchasedAt: string;
            items: string;
            category?: string;
            quantity?: number;
            /** Amount paid in yuan, e.g. 1299.5 */
            amount: number;
            store?: string;
            /** Who sold it; defaults to the recording assistant */
            assistantId?: number;
            /** Your unique id of this purchase (e.g. receipt no + line); resending it adds nothing */
            idempotencyKey?: string;
        };
        Staff: {
            id: number;
            name: string;
            role: "assistant" | "manager" | "admin";
            wechatContactId: string | null;
            active: boolean;
            createdAt: string;
            /** Members this assistant looks after */
            memberCount: number;
        };
        StaffRef: {
            id: number;
            name: string;
        };
        StaffTokenIssued: {
            /** Shown once: only its hash is stored */
            token: string;
            expiresAt: string | null;
        };
        VisitPlan: {
            assistantId: number;
            /** Store month, YYYY-MM */
            month: string;
            vip: {
                memberId: number;
                code: string;
                name: string;
                tier: string;
                touches: number;
                planned: number;
            }[];
            atRisk: {
                memberId: number;
                code: string;
                name: string;
                since: string;
                lastPurchaseAt: string | null;
                lastItems: string | null;
                suggestion: string;
            }[];
        };
    };
}

export interface operations {
    deleteAdminMembersByIdTagsByTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                tag: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tags: string[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    deleteAdminSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    deleteAdminStaffByIdTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revoked: number;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminAudit: {
        parameters: {
            query?: {
                memberId?: string;
                staffId?: string;
                action?: string;
                from?: string;
                to?: string;
                page?: string;
                pageSize?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEntry"][];
                        page: number;
                        pageSize: number;
                        total: number;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminCareCalendar: {
        parameters: {
            query?: {
                from?: string;
                days?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        days: {
                            date: string;
                            occasions: {
                                occasion: string;
                                id: string;
                                label: string;
                            }[];
                        }[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminCareDrafts: {
        parameters: {
            query?: {
                date?: string;
                status?: "draft" | "all";
                assistantId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        date: string;
                        drafts: {
                            id: number;
                            /** Number in the staff member’s chat list today, if listed */
                            no: number | null;
                            memberId: number;
                            memberCode: string | null;
                            memberName: string | null;
                            assistantId: number | null;
                            occasion: string;
                            occasionLabel: string;
                            occasionDate: string;
                            text: string;
                            status: "draft" | "queued" | "sending" | "sent" | "skipped" | "failed" | "check";
                            needsApproval: boolean;
                            dueAt: string;
                            reason: string | null;
                            decidedBy: number | null;
                            sentAt: string | null;
                            /** The member’s open complaint, shown beside a draft still to decide (a birthday then needs the assistant’s approval) */
                            openComplaint: {
                                ticketNo: string;
                                status: string;
                            } | null;
                        }[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminCareForecast: {
        parameters: {
            query?: {
                days?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        days: number;
                        accounts: {
                            account: string;
                            name: string;
                            ceiling: number;
                            days: {
                                date: string;
                                ceiling: number;
                                total: number;
                                fits: boolean;
                                overflow: number;
                                occasions: {
                                    occasion: string;
                                    label: string;
                                    count: number;
                                    source: "planned" | "estimate";
                                    unsent: number;
                                }[];
                            }[];
                        }[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminChatAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accounts: {
                            id: string;
                            name: string;
                            /** starting | waiting_login | online | offline | restarting | stopped */
                            state: string;
                            loginQr: {
                                qrcode: string;
                                status: string;
                                at: string;
                                loginUrl: string;
                            } | null;
                            /** Living members who are friends with this account */
                            members: number;
                            /** Proactive messages counted against the daily ceiling today */
                            sentToday: number;
                            dailyLimit: number;
                        }[];
                    };
                };
            };
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminChatQrcode: {
        parameters: {
            query?: {
                account?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        qrcode: string;
                        status: string;
                        at: string;
                        loginUrl: string;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminChatStatus: {
        parameters: {
            query?: {
                account?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: string;
                        state: string;
                        loginQr: {
                            qrcode: string;
                            status: string;
                            at: string;
                            loginUrl: string;
                        } | null;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminComplaints: {
        parameters: {
            query?: {
                status?: "open" | "in_progress" | "resolved" | "closed";
                category?: "quality" | "service" | "price" | "delivery" | "environment" | "after_sales" | "other";
                assistantId?: string;
                memberId?: string;
                /** true: past the acknowledge or first-answer deadline right now */
                overdue?: "true" | "false";
                limit?: string;
                offset?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ComplaintSummary"][];
                        total: number;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminComplaintsByTicketNo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintDetail"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminComplaintsByTicketNoPhotosByPhotoId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
                photoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": Blob;
                    "image/png": Blob;
                    "image/webp": Blob;
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminComplaintsSavedReplies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            name: string;
                            text: string;
                        }[];
                    };
                };
            };
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminDashboardSummary: {
        parameters: {
            query?: {
                /** Days the charts cover, today included (7–90, default 30) */
                days?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardSummary"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminLoyaltyVisitPlan: {
        parameters: {
            query?: {
                assistantId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitPlan"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Staff"];
                };
            };
            401: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminMembers: {
        parameters: {
            query?: {
                /** Part of the name or WeChat nickname */
                name?: string;
                /** Exact mobile number (matched by its keyed hash) */
                phone?: string;
                code?: string;
                tag?: string;
                tier?: string;
                assistantId?: string;
                lifecycle?: "prospect" | "new" | "regular" | "loyal" | "dormant" | "lost";
                optedOut?: "true" | "false";
                /** RFM segment from the nightly scoring (high_value, potential, general, low_value, at_risk) */
                segment?: "high_value" | "potential" | "general" | "low_value" | "at_risk";
                page?: string;
                pageSize?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["MemberCard"][];
                        page: number;
                        pageSize: number;
                        total: number;
                        /** true when more than 1000 members match: total then stops at 1000; narrow the filters */
                        totalCapped: boolean;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminMembersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDetail"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminMembersByIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["MemberNote"][];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminMembersByIdPoints: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPointsForStaff"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminMembersByIdSegment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberSegment"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminOutboxCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        messages: components["schemas"]["CareDraft"][];
                    };
                };
            };
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsAssistants: {
        parameters: {
            query?: {
                /** store month, default this month */
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        month: string;
                        assistants: components["schemas"]["AssistantFigures"][];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsCare: {
        parameters: {
            query?: {
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        month: string;
                        assistants: {
                            greetingsSent: number;
                            followUpsDone: number;
                            surveysSent: number;
                            skipped: number;
                            failed: number;
                            check: number;
                            assistantId: number | null;
                            name: string;
                            byOccasion: {
                                [key: string]: number;
                            };
                        }[];
                        totals: {
                            greetingsSent: number;
                            followUpsDone: number;
                            surveysSent: number;
                            skipped: number;
                            failed: number;
                            check: number;
                        };
                        skipReasons: {
                            [key: string]: number;
                        };
                        onTime: {
                            occasion: string;
                            planned: number;
                            onTime: number;
                            rate: number | null;
                        }[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsCareCsv: {
        parameters: {
            query?: {
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsComplaints: {
        parameters: {
            query?: {
                /** first store-local day (default: 30 days before `to`) */
                from?: string;
                /** last store-local day, included (default: today) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintReport"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsComplaintsCsv: {
        parameters: {
            query?: {
                /** first store-local day (default: 30 days before `to`) */
                from?: string;
                /** last store-local day, included (default: today) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsRetention: {
        parameters: {
            query?: {
                /** first store-local day (default: the start of the 12th week or 6th month back) */
                from?: string;
                /** last store-local day, included (default: today) */
                to?: string;
                /** one row per week (from Monday) or calendar month (default: week) */
                by?: "week" | "month";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        by: "week" | "month";
                        dormantDays: number;
                        periods: {
                            /** members at the start: joined before, data not erased, not lost (removed the store account) */
                            atStart: number;
                            /** joined in the period */
                            new: number;
                            /** removed the store account (lifecycle `lost`) */
                            lost: number;
                            /** a lost member added the store account again */
                            readded: number;
                            /** erased their data */
                            erased: number;
                            /** new − lost + readded − erased */
                            net: number;
                            /** atStart + net */
                            atEnd: number;
                            /** turned dormant in the period (last purchase DORMANT_AFTER_DAYS before) and not bought since */
                            lapsed: number;
                            /** bought again after more than DORMANT_AFTER_DAYS without a purchase */
                            cameBack: number;
                            /** percent of the members at start still members at the end (null: none at start) */
                            retentionRate: number | null;
                            /** first day of the period */
                            key: string;
                            from: string;
                            /** last day of the period, included */
                            to: string;
                        }[];
                        /** the whole range: at start of the first period, flows summed, rate chained over the periods */
                        totals: {
                            /** members at the start: joined before, data not erased, not lost (removed the store account) */
                            atStart: number;
                            /** joined in the period */
                            new: number;
                            /** removed the store account (lifecycle `lost`) */
                            lost: number;
                            /** a lost member added the store account again */
                            readded: number;
                            /** erased their data */
                            erased: number;
                            /** new − lost + readded − erased */
                            net: number;
                            /** atStart + net */
                            atEnd: number;
                            /** turned dormant in the period (last purchase DORMANT_AFTER_DAYS before) and not bought since */
                            lapsed: number;
                            /** bought again after more than DORMANT_AFTER_DAYS without a purchase */
                            cameBack: number;
                            /** percent of the members at start still members at the end (null: none at start) */
                            retentionRate: number | null;
                        };
                        assistants: {
                            /** members at the start: joined before, data not erased, not lost (removed the store account) */
                            atStart: number;
                            /** joined in the period */
                            new: number;
                            /** removed the store account (lifecycle `lost`) */
                            lost: number;
                            /** a lost member added the store account again */
                            readded: number;
                            /** erased their data */
                            erased: number;
                            /** new − lost + readded − erased */
                            net: number;
                            /** atStart + net */
                            atEnd: number;
                            /** turned dormant in the period (last purchase DORMANT_AFTER_DAYS before) and not bought since */
                            lapsed: number;
                            /** bought again after more than DORMANT_AFTER_DAYS without a purchase */
                            cameBack: number;
                            /** percent of the members at start still members at the end (null: none at start) */
                            retentionRate: number | null;
                            /** null: members without an assistant */
                            assistantId: number | null;
                            name: string;
                        }[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsRetentionCsv: {
        parameters: {
            query?: {
                /** first store-local day (default: the start of the 12th week or 6th month back) */
                from?: string;
                /** last store-local day, included (default: today) */
                to?: string;
                /** one row per week (from Monday) or calendar month (default: week) */
                by?: "week" | "month";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsSatisfaction: {
        parameters: {
            query?: {
                quarter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        quarter: string;
                        invited: number;
                        responses: number;
                        completed: number;
                        partial: number;
                        dimensions: {
                            [key: string]: {
                                answers: number;
                                average: number | null;
                            };
                        };
                        nps: {
                            answers: number;
                            promoters: number;
                            passives: number;
                            detractors: number;
                            score: number | null;
                        };
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminReportsSatisfactionCsv: {
        parameters: {
            query?: {
                quarter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSession"];
                };
            };
            401: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    getAdminStaff: {
        parameters: {
            query?: {
                active?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Staff"][];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    patchAdminStaffById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string;
                    role?: "assistant" | "manager" | "admin";
                    wechatContactId?: string | null;
                    /** false deactivates and revokes every token, and their open complaints and drafts go to each member’s assistant (else the managers); an assistant must hand over their members first */
                    active?: boolean;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Staff"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminCareDraftsByIdSend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CareDraft"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminCareDraftsByIdSkip: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CareDraft"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminCareDraftsSendAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        queued: number;
                    };
                };
            };
            401: ErrorResponse;
            403: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminCarePlan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    date?: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        date: string;
                        candidates: number;
                        planned: number;
                        occasionsOfDay: string[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminComplaints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    memberId?: number;
                    memberCode?: string;
                    description: string;
                    category: "quality" | "service" | "price" | "delivery" | "environment" | "after_sales" | "other";
                    orderNo?: string;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintDetail"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminComplaintsByTicketNoAcknowledge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintDetail"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminComplaintsByTicketNoAssign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    staffId: number;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintDetail"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminComplaintsByTicketNoCompensations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    exchange?: boolean;
                    couponYuan?: number;
                    refundYuan?: number;
                    extraYuan?: number;
                    note?: string;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintCompensation"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminComplaintsByTicketNoCompensationsByCompensationIdDecision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
                compensationId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    approve: boolean;
                    note?: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintCompensation"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminComplaintsByTicketNoReplies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    text?: string;
                    savedReply?: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        ticketNo: string;
                        status: "open" | "in_progress" | "resolved" | "closed";
                        category: "quality" | "service" | "price" | "delivery" | "environment" | "after_sales" | "other";
                        channel: "chat" | "mp" | "staff";
                        member: {
                            id: number;
                            code: string;
                            name: string;
                        };
                        assistant: {
                            id: number;
                            name: string;
                        } | null;
                        summary: string;
                        orderNo: string | null;
                        rootCause: string | null;
                        /** ISO 8601 instant */
                        createdAt: string;
                        acknowledgedAt: string | null;
                        firstAnsweredAt: string | null;
                        resolvedAt: string | null;
                        closedAt: string | null;
                        reopenCount: number;
                        /** past a deadline right now */
                        overdue: {
                            acknowledge: boolean;
                            answer: boolean;
                        };
                        /** deadline breaches recorded on the ticket */
                        breaches: {
                            acknowledge: string | null;
                            answer: string | null;
                        };
                        description: string;
                        resolution: string | null;
                        satisfied: boolean | null;
                        survey: {
                            sentAt: string | null;
                            score: number | null;
                            comment: string | null;
                            answeredAt: string | null;
                        };
                        photos: {
                            id: number;
                            name: string;
                            mediaType: string;
                            sizeBytes: number;
                            url: string;
                        }[];
                        compensations: components["schemas"]["ComplaintCompensation"][];
                        timeline: {
                            /** ISO 8601 instant */
                            at: string;
                            type: string;
                            actor: {
                                kind: "member" | "staff" | "system";
                                id: number | null;
                                name: string;
                            };
                            text: string | null;
                            visibleToMember: boolean;
                        }[];
                        delivered: boolean;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminComplaintsByTicketNoResolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    resolution: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        ticketNo: string;
                        status: "open" | "in_progress" | "resolved" | "closed";
                        category: "quality" | "service" | "price" | "delivery" | "environment" | "after_sales" | "other";
                        channel: "chat" | "mp" | "staff";
                        member: {
                            id: number;
                            code: string;
                            name: string;
                        };
                        assistant: {
                            id: number;
                            name: string;
                        } | null;
                        summary: string;
                        orderNo: string | null;
                        rootCause: string | null;
                        /** ISO 8601 instant */
                        createdAt: string;
                        acknowledgedAt: string | null;
                        firstAnsweredAt: string | null;
                        resolvedAt: string | null;
                        closedAt: string | null;
                        reopenCount: number;
                        /** past a deadline right now */
                        overdue: {
                            acknowledge: boolean;
                            answer: boolean;
                        };
                        /** deadline breaches recorded on the ticket */
                        breaches: {
                            acknowledge: string | null;
                            answer: string | null;
                        };
                        description: string;
                        resolution: string | null;
                        satisfied: boolean | null;
                        survey: {
                            sentAt: string | null;
                            score: number | null;
                            comment: string | null;
                            answeredAt: string | null;
                        };
                        photos: {
                            id: number;
                            name: string;
                            mediaType: string;
                            sizeBytes: number;
                            url: string;
                        }[];
                        compensations: components["schemas"]["ComplaintCompensation"][];
                        timeline: {
                            /** ISO 8601 instant */
                            at: string;
                            type: string;
                            actor: {
                                kind: "member" | "staff" | "system";
                                id: number | null;
                                name: string;
                            };
                            text: string | null;
                            visibleToMember: boolean;
                        }[];
                        delivered: boolean;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminMembersByIdMerge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** The record to fold into this one; it is closed afterwards */
                    fromMemberId: number;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        member: {
                            id: number;
                            code: string;
                        };
                        absorbed: {
                            id: number;
                            code: string;
                        };
                        /** Rows moved to this member, per table */
                        moved: {
                            [key: string]: number;
                        };
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminMembersByIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberNote"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminMembersByIdPointsAdjustments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PointsAdjustmentIn"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PointsChange"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminMembersByIdPointsRedemptions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PointsRedemptionIn"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PointsChange"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminMembersByIdReassign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    assistantId: number;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        memberId: number;
                        assistant: components["schemas"]["StaffRef"];
                        changed: boolean;
                        memberTold: boolean;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminMembersByIdTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    tags: string[];
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tags: string[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminOutboxByIdResolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    delivered: boolean;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CareDraft"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminPurchases: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    purchases: components["schemas"]["PurchaseIn"][];
                } | components["schemas"]["PurchaseIn"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: number;
                        duplicates: number;
                        results: {
                            index: number;
                            id: number;
                            memberId: number;
                            status: "created" | "duplicate";
                            idempotencyKey: string;
                        }[];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminPurchasesImport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseImportResult"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** The one-time code the bot sent in chat after 登录 */
                    code: string;
                } | {
                    /** A staff API token (npm run staff), for an admin without WeChat */
                    token: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSession"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminStaff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name: string;
                    role: "assistant" | "manager" | "admin";
                    /** Their own WeChat contact id as the bot sees it */
                    wechatContactId?: string;
                    /** Days until the token expires; without it the token lasts until revoked */
                    ttlDays?: number;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        staff: components["schemas"]["Staff"];
                        token: components["schemas"]["StaffTokenIssued"];
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminStaffByIdHandover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** One assistant takes everyone; without it members are spread evenly */
                    successorId?: number;
                    /** Also deactivate the leaving assistant and revoke their tokens */
                    deactivate?: boolean;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: components["schemas"]["StaffRef"];
                        moved: number;
                        membersTold: number;
                        assignments: {
                            assistant: components["schemas"]["StaffRef"];
                            count: number;
                            memberIds: number[];
                        }[];
                        deactivated: boolean;
                    };
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    postAdminStaffByIdTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    label?: string;
                    /** Days until the token expires; without it the token lasts until revoked */
                    ttlDays?: number;
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffTokenIssued"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    putAdminCareDraftsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CareDraft"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            409: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
    putAdminComplaintsByTicketNoRootCause: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketNo: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    rootCause: string;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintDetail"];
                };
            };
            400: ErrorResponse;
            401: ErrorResponse;
            403: ErrorResponse;
            404: ErrorResponse;
            413: ErrorResponse;
            415: ErrorResponse;
            503: ErrorResponse;
            default: ErrorResponse;
        };
    };
}

/** Every error answer: `{"error":{"code","message","details"}}`. */
export interface ErrorResponse {
    headers: {
        [name: string]: unknown;
    };
    content: {
        "application/json": components["schemas"]["Error"];
    };
}
