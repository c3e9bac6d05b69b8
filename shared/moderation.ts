import { z } from "zod";
import { RoomId, UserId } from "./matrix-ids.ts";
import { IdempotencyKey } from "./rooms.ts";

export const ConflictRoomInput = z.strictObject({
  parties: z.array(UserId).min(1, "name at least one party").max(10),
  mediator: UserId.optional(),
  reason: z.string().trim().min(1, "give a short reason").max(500),
  name: z.string().trim().max(100).optional(),
  /**
   * The room's topic and the opening message, as everyone invited reads them in the room. They are
   * Matrix content, not messages to the moderator, so they are written once in the community's
   * language: the widget words them in its own language (the moderator previews the result) and
   * sends them here; without them (chat, CLI, API) the English defaults are used.
   */
  topic: z.string().trim().min(1).max(1000).optional(),
  opening: z.string().trim().min(1).max(4000).optional(),
  idempotencyKey: IdempotencyKey.optional(),
});
export type ConflictRoomInput = z.infer<typeof ConflictRoomInput>;

/** Which rooms an announcement or a cross-room action reaches; the list is fixed when the job starts. */
export const RoomTargets = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("all") }),
  z.strictObject({ kind: z.literal("space"), space: RoomId }),
  z.strictObject({ kind: z.literal("tag"), tag: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal("rooms"), rooms: z.array(RoomId).min(1).max(5000) }),
]);
export type RoomTargets = z.infer<typeof RoomTargets>;

export const AnnouncementInput = z.strictObject({
  markdown: z.string().trim().min(1, "write the announcement").max(20_000),
  targets: RoomTargets,
  /** Send in plain text to encrypted rooms when E2EE is unavailable (recorded in the audit). */
  plaintextInEncryptedRooms: z.boolean().default(false),
  /** Mention @room where the bot's level lets it notify everyone; elsewhere the message goes without it. */
  notifyRoom: z.boolean().default(false),
  /** Pin the announcement where the bot may change the room's pinned events. */
  pin: z.boolean().default(false),
  idempotencyKey: IdempotencyKey.optional(),
});
export type AnnouncementInput = z.infer<typeof AnnouncementInput>;

export const CrossRoomInput = z.strictObject({
  user: UserId,
  targets: RoomTargets,
  reason: z.string().max(500).optional(),
  /** Ban only: also write a user rule into the community's ban list (read by Draupnir/Mjolnir too). */
  addToBanList: z.boolean().optional(),
  idempotencyKey: IdempotencyKey.optional(),
});
export type CrossRoomInput = z.infer<typeof CrossRoomInput>;

export const RedactInput = CrossRoomInput.extend({
  /** How many of the user's most recent messages per room. */
  limitPerRoom: z.number().int().min(1).max(500).default(50),
});
export type RedactInput = z.infer<typeof RedactInput>;

export const AuditQuery = z.strictObject({
  actor: z.string().max(255).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(255).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
