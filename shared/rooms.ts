import { z } from "zod";
import { RoomId, UserId } from "./matrix-ids.ts";
import { TemplateId } from "./templates.ts";
import { Said } from "./said.ts";

export const IdempotencyKey = z.string().min(8).max(128).regex(/^[A-Za-z0-9._:-]+$/, "letters, digits and . _ : - only");

export const CreateRoomInput = z.strictObject({
  template: TemplateId,
  name: z.string().trim().max(255).optional(),
  topic: z.string().max(1000).optional(),
  /** Alias localpart; defaults to the template's alias pattern. Empty string: no alias. */
  alias: z.string().max(100).regex(/^[a-z0-9._=-]*$/, "use lowercase letters, digits and . _ = - (the part before the colon)").optional(),
  invitees: z.array(UserId).max(200).default([]),
  parentSpace: RoomId.optional(),
  encrypted: z.boolean().optional(),
  idempotencyKey: IdempotencyKey.optional(),
});
export type CreateRoomInput = z.infer<typeof CreateRoomInput>;

export const RoomCreationPlan = z.object({
  template: z.object({ id: z.string(), version: z.number() }),
  name: z.string(),
  topic: z.string(),
  alias: z.string().nullable(),
  roomVersion: z.string(),
  joinRule: z.string(),
  encrypted: z.boolean(),
  isSpace: z.boolean(),
  parentSpace: z.string().nullable(),
  invites: z.array(z.string()),
  powerLevels: z.record(z.string(), z.number()),
  /** The highest level anyone may get in the room (the creator's own; null: no limit), and who was lowered to it. */
  powerCap: z.object({ level: z.number().nullable(), capped: z.array(z.object({ userId: z.string(), asked: z.number(), given: z.number() })) }),
  /** What the moderator should know before creating it, as codes the widget words (English `text` for chat and CLI). */
  warnings: z.array(Said),
  request: z.record(z.string(), z.unknown()),
});
export type RoomCreationPlan = z.infer<typeof RoomCreationPlan>;

export const RoomSort = z.enum(["name", "members", "alias"]);
export const RoomListQuery = z.strictObject({
  search: z.string().max(200).optional(),
  sort: RoomSort.default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  encrypted: z.enum(["true", "false"]).optional(),
  bridged: z.enum(["true", "false"]).optional(),
  missingModerators: z.enum(["true", "false"]).optional(),
  scope: z.enum(["joined", "server"]).default("joined"),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type RoomListQuery = z.infer<typeof RoomListQuery>;

export const BridgeInfo = z.object({
  protocol: z.string(),
  network: z.string().nullable(),
  channel: z.string().nullable(),
  /** The remote chat's own ID (the channel above is its display name when it has one). */
  channelId: z.string().nullable(),
  bridgebot: z.string().nullable(),
});
export type BridgeInfo = z.infer<typeof BridgeInfo>;

/** How a configured bridge (mautrix) stands in one room; "off" means not bridged. */
export const BridgeHealth = z.object({
  network: z.string(),
  displayName: z.string(),
  status: z.enum(["ok", "warn", "fail", "off"]),
  bridged: z.boolean(),
  remoteChat: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  bridgeBot: z.object({
    userId: z.string(),
    membership: z.string().nullable(),
    powerLevel: z.number(),
    /** The level `m.bridge` needs in this room. */
    neededLevel: z.number(),
  }),
  /** null when unknown: relay is bridge-internal state the dashboard only knows when it set it. */
  relay: z.boolean().nullable(),
  /** The room is encrypted and the bridge has no encryption: messages do not cross. */
  encryptionWarning: z.boolean(),
  puppets: z.number(),
  problems: z.array(z.string()),
});
export type BridgeHealth = z.infer<typeof BridgeHealth>;

export const RoomSummary = z.object({
  roomId: z.string(),
  name: z.string().nullable(),
  canonicalAlias: z.string().nullable(),
  topic: z.string().nullable(),
  members: z.number(),
  joinRule: z.string().nullable(),
  encrypted: z.boolean(),
  isSpace: z.boolean(),
  roomVersion: z.string().nullable(),
  spaceParents: z.array(z.string()),
  bridge: BridgeInfo.nullable(),
  /** Present when a configured bridge is involved in the room (null: none is). */
  bridgeHealth: BridgeHealth.nullable().optional(),
  botJoined: z.boolean(),
  /** null when unknown (the bot is not in the room). */
  moderatorCoverage: z
    .object({ missing: z.array(z.string()), invited: z.array(z.string()), belowLevel: z.array(z.string()) })
    .nullable(),
});
export type RoomSummary = z.infer<typeof RoomSummary>;

export const RoomListPage = z.object({
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  rooms: z.array(RoomSummary),
  scope: z.enum(["joined", "server"]),
  serverScopeAvailable: z.boolean(),
});
export type RoomListPage = z.infer<typeof RoomListPage>;

export const InviteInput = z.strictObject({
  rooms: z.array(RoomId).min(1, "choose at least one room").max(5000),
  /** Matrix IDs; invalid ones are reported in the plan rather than rejecting the whole list. */
  users: z.array(z.string().max(255)).min(1, "list at least one user").max(10_000),
  idempotencyKey: IdempotencyKey.optional(),
});
export type InviteInput = z.infer<typeof InviteInput>;

export const KickInput = z.strictObject({
  room: RoomId,
  user: UserId,
  reason: z.string().max(500).optional(),
});
export type KickInput = z.infer<typeof KickInput>;

export const SetPowerLevelInput = z.strictObject({
  room: RoomId,
  user: UserId,
  level: z.number().int().min(-100).max(100),
});
export type SetPowerLevelInput = z.infer<typeof SetPowerLevelInput>;

export { UserId, RoomId };

export const Verdict = z.union([
  z.object({ ok: z.literal(true) }),
  // `reason` in English; `code` and `params` (levels, 101 for a creator) for clients that word it themselves.
  z.object({ ok: z.literal(false), by: z.enum(["moderator", "bot"]), reason: z.string(), code: z.string().optional(), params: z.record(z.string(), z.number()).optional() }),
]);

export const RoomMember = z.object({
  userId: z.string(),
  displayName: z.string().nullable(),
  membership: z.string(),
  powerLevel: z.number(),
  canKick: Verdict,
  canChangeLevel: Verdict,
  /** The highest level the viewer may give this member here (their own, the bot's, 100). */
  maxLevel: z.number(),
});
export type RoomMember = z.infer<typeof RoomMember>;

export const RoomDetail = z.object({
  room: RoomSummary,
  members: z.array(RoomMember),
  powerLevels: z.object({
    users: z.array(z.object({ userId: z.string(), level: z.number() })),
    usersDefault: z.number(),
    eventsDefault: z.number(),
    stateDefault: z.number(),
    invite: z.number(),
    kick: z.number(),
    ban: z.number(),
    redact: z.number(),
    events: z.array(z.object({ type: z.string(), level: z.number() })),
  }),
  bot: z.object({ level: z.number(), canInvite: Verdict }),
  you: z.object({ level: z.number() }),
});
export type RoomDetail = z.infer<typeof RoomDetail>;
