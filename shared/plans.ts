/**
 * What the actions' plans and results look like: the one contract the server's actions are checked
 * against and the widget, the CLI and the chat commands read. Types only (nothing in the bundle).
 */
import type { UserIdProblem } from "./matrix-ids.ts";
import type { ActionFamily } from "./actions.ts";
import type { ApiTokenInfo } from "./api-tokens.ts";
import type { BridgePlan } from "./bridges.ts";
import type { RoomCreationPlan } from "./rooms.ts";
import type { Said } from "./said.ts";

/** Every job-starting action answers with the job's id. */
export type JobStarted = { jobId: string };

// ---- rooms ----
export type CreatedRoom = { roomId: string; alias: string | null; invited: string[]; templateId: string };
export type InviteItem = { room: string; user: string };
export type InvitePlan = {
  invites: InviteItem[];
  alreadyThere: Array<InviteItem & { membership: string }>;
  /** Lines that are not user IDs (kept as typed); `rejected` says why for each. */
  invalid: string[];
  rejected: Array<{ input: string; problem: UserIdProblem }>;
  /** Short IDs completed with the homeserver's name, as the chat commands do (`@alice` → `@alice:server`). */
  completed: Array<{ input: string; userId: string }>;
  unknown: string[];
  /** `reason` in English (chat, CLI); `said` the same as a code the widget words, when there is one. */
  roomsRefused: Array<{ room: string; reason: string; said?: Said }>;
};
export type DeleteTestRoomPlan = { room: string; method: string; members: string[] };
/** One difference between a room and its template or moderator list. */
export type AccessChange =
  | { kind: "invite-moderator"; user: string }
  | { kind: "raise-moderator"; user: string; from: number; to: number }
  | { kind: "restore-setting"; setting: string; from: number | undefined; to: number };
export type AccessReportEntry = { roomId: string; name: string | null; template: string | null; changes: AccessChange[]; changedSinceLastCheck: boolean };
export type FixAccessPlan = { rooms: Array<{ room: string; name: string | null; changes: AccessChange[] }>; changes: number };
export type FixAccessResult = { jobId: string; rooms: number };

// ---- templates ----
export type ImportPlan = Array<{ id: string; action: string }>;
export type ImportResult = Array<{ id: string; version: number }>;

// ---- moderation ----
/** `opening` is the exact message posted in the room; `openingNote` says (as a Said) why it is not. */
export type ConflictPlan = { room: RoomCreationPlan; parties: string[]; mediator: string | null; opening: string; openingNote: Said | null };
export type ConflictResult = CreatedRoom & {
  link: string;
  openingEventId: string | null;
  openingNote: Said | null;
  noticePosted: boolean;
  noticeNote: string | undefined;
};
export type CrossRoomOp = "ban" | "unban" | "kick" | "redact";
/** `skip` in English; `skipCode` and `skipParams` for clients that word the refusal themselves. */
export type CrossRoomItem = { room: string; skip?: string; skipCode?: string; skipParams?: Record<string, number> | undefined };
export type CrossRoomPlan = {
  op: CrossRoomOp;
  user: string;
  rooms: CrossRoomItem[];
  count: number;
  skipped: CrossRoomItem[];
  /** The ban list a user rule is also written into (ban with addToBanList). */
  banList?: string;
};

// ---- announcements ----
export type RenderedMessage = { body: string; format: "org.matrix.custom.html"; formatted_body: string };
export type AnnounceItem = { room: string; skip?: string; notify?: boolean; pin?: boolean; encrypted?: boolean };
export type AnnounceLimitation = { room: string; reason: Said };
export type AnnouncePlan = {
  message: RenderedMessage;
  rooms: AnnounceItem[];
  count: number;
  skipped: Array<{ room: string; reason: Said }>;
  limited: AnnounceLimitation[];
  warnings: Said[];
};

// ---- tokens ----
export type TokenPlan = { name: string; scopes: ActionFamily[]; expiresInDays: number; powerLevel: number };
export type CreatedToken = { token: string; info: ApiTokenInfo };

// ---- bridges ----
export type BotPreparation = { inviteBridgeBot: boolean; raiseBridgeBotTo: number | null };
export type GroupPlan = { groupName: string; nameLimit: number; topic: string | null; relay: boolean; via: "provisioning" | "command" };
export type CreateGroupPlan = BridgePlan & BotPreparation & GroupPlan;
export type CreatedGroup = { room: string; remoteId: string | null; relay: boolean };
export type RoomWithGroupPlan = Omit<BridgePlan, "room"> & { room: RoomCreationPlan; group: GroupPlan };
export type RoomWithGroupResult = CreatedRoom & { remoteId: string | null; relay: boolean };

// ---- audit ----
export type ActorKind = "session" | "token" | "command" | "system";
export type AuditEntry = {
  actor: string;
  actorKind: ActorKind;
  action: string;
  target?: string | null;
  result: "ok" | "error" | "partial" | "planned";
  detail?: unknown;
  requestId?: string | null;
};
export type AuditRow = AuditEntry & { id: number; at: string };
