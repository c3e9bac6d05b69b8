import { z } from "zod";
import { RoomRef } from "./matrix-ids.ts";
import { IdempotencyKey } from "./rooms.ts";
import type { Said } from "./said.ts";

/** Every kind of change an Authentik → Matrix sync can plan, in the order they run for one person. */
export const SyncChangeKind = z.enum([
  "create-account",
  "set-display-name",
  "invite",
  "welcome",
  "kick",
  "deactivate-account",
  "write-back",
  "set-power-level",
]);
export type SyncChangeKind = z.infer<typeof SyncChangeKind>;

type Base<K extends SyncChangeKind> = {
  kind: K;
  /** Stable across plans: `<kind> <key>`; apply selects changes by it. */
  id: string;
  userId: string;
  /** Why, in English: also the reason posted to Matrix with a kick. */
  why: string;
  /** The same why as a code the widget words in the moderator's language (plans stored before it have none). */
  said?: Said;
};

export type SyncChange =
  | (Base<"create-account"> & { displayName: string; externalId: string; authProvider: string; authentikPk: number })
  | (Base<"set-display-name"> & { from: string | null; to: string })
  | (Base<"invite"> & { roomId: string })
  | (Base<"welcome"> & { roomId: string; displayName: string; username: string })
  | (Base<"kick"> & { roomId: string })
  | (Base<"deactivate-account"> & { authentikPk: number | null })
  | (Base<"write-back"> & { authentikPk: number; attribute: string })
  | (Base<"set-power-level"> & { roomId: string; from: number; to: number; grant: boolean });

export type SyncScope = "full" | "changed" | "users";

/** What was read from Authentik for a plan; pageSize is the one Authentik answered with. */
export type SyncRead = { users: number; pages: number; pageSize: number; groups: number; incremental: boolean };

/** Where a stored plan stands: planned (nobody decided), held (an automatic sync may not apply it), applied. */
export type SyncPlanState = "planned" | "held" | "applied";

/**
 * A plan as the API serves it: stored server-side under `planId`, summarised (counts per kind, the
 * first changes of each kind, what needs attention); the rest is read a page at a time.
 */
export type SyncPlan = {
  planId: string;
  createdAt: string;
  scope: SyncScope;
  read: SyncRead;
  state: SyncPlanState;
  /** Why an automatic sync left it for a moderator (held plans only), in English. */
  heldBecause: string | null;
  /** The same as a code the widget words (plans held before codes have none). */
  heldSaid?: Said;
  jobId: string | null;
  total: number;
  counts: Partial<Record<SyncChangeKind, number>>;
  /** The first few changes of each kind, in plan order. */
  first: Partial<Record<SyncChangeKind, SyncChange[]>>;
  /** Accounts deactivated and people removed because Authentik deactivated or deleted them. */
  deactivations: number;
  /** Things a moderator should look at before applying (removals, deactivations, unusual size). */
  attention: Said[];
  warnings: Said[];
  /** Warnings beyond those listed (a plan keeps the first 100). */
  moreWarnings: number;
};

export type SyncChangePage = { changes: SyncChange[]; offset: number; total: number; next: number | null };

export const SyncInput = z.strictObject({
  /** full: every Authentik user; changed: only those changed since the last applied sync. */
  scope: z.enum(["full", "changed"]).default("full"),
  /** Limit the sync to these Authentik usernames (onboard or fix one person now). */
  users: z.array(z.string().trim().min(1).max(150)).max(500).optional(),
  /** Limit the sync to these Authentik user pks (the push endpoint uses it). */
  pks: z.array(z.number().int().positive()).max(500).optional(),
  /** Apply this stored plan (from /plan, or one an automatic sync held) instead of planning again. */
  planId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "planId must be a plan id from sync.accounts/plan").optional(),
  /** Apply only part of the plan: the changes of these kinds plus these change ids. */
  select: z
    .strictObject({
      kinds: z.array(SyncChangeKind).optional(),
      ids: z.array(z.string().max(600)).max(50_000).optional(),
    })
    .optional(),
  idempotencyKey: IdempotencyKey.optional(),
});
export type SyncInput = z.infer<typeof SyncInput>;

export const SyncApplyResult = z.object({
  jobId: z.string().nullable(),
  changes: z.number(),
  items: z.number(),
  /** Changes pulled in because a selected one needs them (an account before its invites). */
  addedPrerequisites: z.number(),
  counts: z.record(z.string(), z.number()),
});
export type SyncApplyResult = z.infer<typeof SyncApplyResult>;

const GroupName = z.string().trim().min(1).max(150);

export const MapGroupRoomsInput = z.strictObject({
  group: GroupName,
  /** The rooms members of this group belong in; an empty list removes the mapping. */
  rooms: z.array(RoomRef).max(100),
});
export type MapGroupRoomsInput = z.infer<typeof MapGroupRoomsInput>;

export const MapGroupLevelInput = z.strictObject({
  group: GroupName,
  /** Power level members of this group get in managed rooms; null removes the mapping. */
  level: z.number().int().min(1).max(100).nullable(),
});
export type MapGroupLevelInput = z.infer<typeof MapGroupLevelInput>;

export const WelcomeTemplateInput = z.strictObject({
  /** Markdown-free text; {displayName}, {userId} and {username} are filled in. */
  template: z.string().trim().min(1).max(4000),
});
export type WelcomeTemplateInput = z.infer<typeof WelcomeTemplateInput>;

export type SyncStatus = {
  configured: boolean;
  authentikUrl: string | null;
  autoApply: boolean;
  intervalMinutes: number;
  fullScanHours: number;
  policies: { groupRemoval: string; deactivation: string; writeBack: boolean };
  moderatorGroup: string | null;
  pushEnabled: boolean;
  /** Whether Authentik's SCIM provider may push to /api/scim/v2 (AUTHENTIK_SCIM_TOKEN). */
  scimEnabled: boolean;
  /** Whether Authentik honours last_updated__gt; null until an incremental sync has asked. */
  incrementalSupported: boolean | null;
  cursor: string | null;
  lastFullScanAt: string | null;
  lastRun: { at: string; scope: SyncScope; changes: number; jobId: string | null; error: string | null; planId?: string; held?: boolean } | null;
  /** The newest plan an automatic sync left for a moderator, if it is still waiting. */
  heldPlan: { planId: string; createdAt: string; total: number; heldBecause: string; heldSaid?: Said } | null;
  /** Whether a moderator has applied a sync yet: until then no automatic sync applies anything. */
  firstApplyDone: boolean;
  autoApplyLimits: { changes: number; deactivations: number };
  groupRooms: Record<string, string[]>;
  groupLevels: Record<string, number>;
  welcomeTemplate: string;
  /** Power level needed to map a group to a power level (ADMIN_POWER_LEVEL). */
  adminPowerLevel: number;
};
