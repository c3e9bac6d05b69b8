import { z } from "zod";
import { RoomRef } from "./matrix-ids.ts";
import { IdempotencyKey } from "./rooms.ts";
import type { Said } from "./said.ts";

export type PolicyRuleKind = "user" | "server" | "room";

/** One ban rule of a policy list (spec "Moderation policy lists"), with the room it came from. */
export type PolicyRule = {
  kind: PolicyRuleKind;
  /** A user ID, server name or room ID/alias; `*` and `?` are globs. */
  entity: string;
  reason: string;
  /** The policy room holding the rule. */
  source: string;
  type: string;
  stateKey: string;
};

export type PolicyListInfo = {
  roomId: string;
  /** The alias it was added by, or its canonical alias. */
  alias: string | null;
  name: string | null;
  own: boolean;
  ruleCount: number;
  /** Set when the list could not be read (the bot was removed, the room is gone…). */
  problem?: string;
};

export type PolicyListsOverview = {
  own: string | null;
  lists: PolicyListInfo[];
  rules: PolicyRule[];
  autoEnforce: boolean;
};

export const CreateListInput = z.strictObject({
  /** Adopt this existing policy room instead of creating one. */
  adopt: RoomRef.optional(),
  name: z.string().trim().min(1).max(100).optional(),
  idempotencyKey: IdempotencyKey.optional(),
});
export type CreateListInput = z.infer<typeof CreateListInput>;

export const SubscribeInput = z.strictObject({ room: RoomRef });
export type SubscribeInput = z.infer<typeof SubscribeInput>;

/** A server glob or user glob: no whitespace, a sane length. */
const Entity = z.string().trim().min(1, "name the user or server").max(255).regex(/^\S+$/, "must not contain spaces");

export const AddRuleInput = z
  .strictObject({
    kind: z.enum(["user", "server", "room"]),
    entity: Entity,
    reason: z.string().trim().max(500).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "user" && !v.entity.startsWith("@") && !v.entity.startsWith("*") && !v.entity.startsWith("?"))
      ctx.addIssue({ code: "custom", path: ["entity"], message: "a user rule names a user ID or a glob such as @spam*:example.org", params: { said: "inputNotUserRule" } });
    if (v.kind === "server" && /[@:/]/.test(v.entity.replace(/:\d+$/, "")))
      ctx.addIssue({ code: "custom", path: ["entity"], message: "a server rule names a server such as evil.example or *.evil.example", params: { said: "inputNotServerRule" } });
  });
export type AddRuleInput = z.infer<typeof AddRuleInput>;

export const RemoveRuleInput = z.strictObject({
  kind: z.enum(["user", "server", "room"]),
  entity: Entity,
  /** Also lift the bans (user rule) or ACL entries (server rule) that this rule caused. */
  undo: z.boolean().default(true),
  idempotencyKey: IdempotencyKey.optional(),
});
export type RemoveRuleInput = z.infer<typeof RemoveRuleInput>;

export const EnforceInput = z.strictObject({
  /** Also lift the bans the lists caused whose rule was removed (offered in the plan). */
  unban: z.boolean().default(true),
  idempotencyKey: IdempotencyKey.optional(),
});
export type EnforceInput = z.infer<typeof EnforceInput>;

export const AutoEnforceInput = z.strictObject({ on: z.boolean() });

export type RuleRef = Pick<PolicyRule, "kind" | "entity" | "reason" | "source">;
export type PolicyBan = { room: string; user: string; rule: RuleRef };
export type AclChange = { room: string; add: string[]; remove: string[]; deny: string[] };
/** `rule`: the removed rule that had caused the ban, when the lists caused it. */
export type PolicyUnban = { room: string; user: string; rule?: { entity: string; source: string } };

/** What enforcing the lists (or undoing a removed rule) does, room by room. */
export type EnforcementPlan = {
  bans: PolicyBan[];
  unbans: PolicyUnban[];
  acls: AclChange[];
  /** Matches never acted on, and why (the bot itself, a bridge's bot or puppet, the own server). */
  protected: Array<{ entity: string; reason: Said; room?: string }>;
  /** Rooms the bot cannot enforce in, and why. */
  skipped: Array<{ room: string; reason: Said }>;
  rooms: number;
  rules: number;
};

// ---- what the ban-list actions plan and answer (shared/action-map.ts names them) ----
export type CreateListPlan = { existing: string | null; adopt: string | null; name: string | null };
export type CreateListResult = { roomId: string; created: boolean };
export type SubscribePlan = { roomId: string; already: boolean };
export type SubscribeResult = { roomId: string; rules: number };
export type Subscription = { roomId: string; alias: string | null };
export type AddRulePlan = { room: string; type: string; stateKey: string } & AddRuleInput;
export type AddRuleResult = { room: string; stateKey: string };
export type RemoveRulePlan = { room: string; type: string; stateKey: string; undo: EnforcementPlan | null };
export type EnforceResult = { jobId: string | null; changes: number };
