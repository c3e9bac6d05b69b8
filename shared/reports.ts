import { z } from "zod";
import { RoomId, UserId } from "./matrix-ids.ts";
import { IdempotencyKey } from "./rooms.ts";
import type { AuditRow } from "./plans.ts";

/** Synapse numbers reports; the ID is what the inbox, the actions and the chat commands name. */
export const ReportId = z.number({ error: "reportId must be a report's number" }).int().min(0);

export const ReportListQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Only reports about this user's messages. */
  sender: UserId.optional(),
  roomId: RoomId.optional(),
});
export type ReportListQuery = z.infer<typeof ReportListQuery>;

export const ReportInput = z.strictObject({ reportId: ReportId });
export type ReportInput = z.infer<typeof ReportInput>;

export const RedactReportedInput = ReportInput.extend({
  reason: z.string().trim().max(500).optional(),
});
export type RedactReportedInput = z.infer<typeof RedactReportedInput>;

export const WarnInput = ReportInput.extend({
  /** The warning's text; a default naming the report's reason is used when absent. */
  message: z.string().trim().min(1, "write the warning").max(2000).optional(),
  idempotencyKey: IdempotencyKey.optional(),
});
export type WarnInput = z.infer<typeof WarnInput>;

/**
 * A moderation policy rule (ban list) that matches a user: filled in by the ban-list feature when
 * it is present (AppContext.banLists); absent means no ban-list feature, [] means no match.
 */
export type BanListMatch = {
  /** The policy room holding the rule. */
  listRoomId: string;
  listName: string | null;
  kind: "user" | "server" | "room";
  /** The rule's entity as written (may be a glob). */
  entity: string;
  reason: string | null;
  recommendation: string;
};

export type ReportSummary = {
  id: number;
  eventId: string;
  roomId: string;
  roomName: string | null;
  roomAlias: string | null;
  reporter: string;
  sender: string;
  reason: string | null;
  score: number | null;
  /** ISO time Synapse received the report. */
  receivedAt: string;
  /** How many open reports name the same event (this one included). */
  reportsOfEvent: number;
  /** Whether the room is one the dashboard manages (the bot is in it); others are shown to admins only. */
  managed: boolean;
};

/** What the inbox shows; `available: false` says why not (the bot is no server admin). */
export type ReportInbox =
  | {
      available: true;
      /** "managed": a moderator sees reports about the community's rooms; "all": an admin sees every report. */
      scope: "managed" | "all";
      total: number;
      reports: ReportSummary[];
      /** More reports exist than the dashboard reads at once; the oldest are left out. */
      truncated: boolean;
    }
  | { available: false; reason: string; fix: string };

export type ReportedEvent =
  | { kind: "message"; type: string; msgtype: string | null; body: string }
  | { kind: "encrypted"; why: string }
  | { kind: "redacted" }
  | { kind: "other"; type: string }
  | { kind: "missing" };

/** A person's earlier dealings with the community: what the audit log and other reports say. */
export type UserHistory = {
  audit: AuditRow[];
  /** Open reports about this person's messages (other than the one shown). */
  reportsAgainst: ReportSummary[];
  /** Present when the ban-list feature is installed. */
  banListMatches?: BanListMatch[];
};

export type ReportDetail = ReportSummary & { event: ReportedEvent; senderHistory: UserHistory };

/** The plan of every report action: which report, as the inbox shows it. */
export type ReportActionPlan = { report: ReportSummary };

export type RedactReportedPlan = ReportActionPlan & { reason: string; alreadyRedacted: boolean };

/**
 * A warning is a reply to the reported message in its room, mentioning only the sender (not a DM):
 * it reaches remote and bridged senders where they wrote, needs no new room per warning, and the
 * room sees that moderators acted. The reporter is never named.
 */
export type WarnPlan = ReportActionPlan & { message: string; encryptedRoom: boolean };

export type WarnResult = { eventId: string };
export type DismissResult = { dismissed: boolean };
export type RedactReportedResult = { redactionEventId: string | null };
