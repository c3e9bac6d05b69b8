import { z } from "zod";

/** Families group actions for API-token scopes. */
export const ActionFamily = z.enum(["rooms", "moderation", "announcements", "sync", "bridges", "reports", "policy-lists", "admin", "read"]);
export type ActionFamily = z.infer<typeof ActionFamily>;

/** What a caller gets back from `plan` (nothing changed yet) or `apply`. */
export type ActionResponse<P = unknown, R = unknown> = {
  action: string;
  plan: P;
  result?: R;
  auditId?: number;
};
