import { z } from "zod";
import { UserId, RoomId } from "./matrix-ids.ts";

export const Preset = z.enum(["private_chat", "public_chat", "trusted_private_chat"]);
export const JoinRule = z.enum(["public", "invite", "knock", "restricted"]);
export const HistoryVisibility = z.enum(["world_readable", "shared", "invited", "joined"]);

const PowerLevelOverride = z.strictObject({
  users: z.record(UserId, z.number().int().min(-1000).max(1000)).optional(),
  users_default: z.number().int().optional(),
  events: z.record(z.string().max(255), z.number().int()).optional(),
  events_default: z.number().int().optional(),
  state_default: z.number().int().optional(),
  ban: z.number().int().optional(),
  kick: z.number().int().optional(),
  redact: z.number().int().optional(),
  invite: z.number().int().optional(),
  notifications: z.record(z.string(), z.number().int()).optional(),
});

/** State a template may not set through initialState: power and membership go through checked fields. */
export const GUARDED_STATE_TYPES = ["m.room.power_levels", "m.room.create", "m.room.member", "m.room.third_party_invite"];

const InitialStateEvent = z.strictObject({
  type: z.string().min(1).max(255),
  state_key: z.string().max(255).default(""),
  content: z.record(z.string(), z.unknown()),
});

/** A room template: the settings a community reuses for a kind of room. Data, edited in the widget. */
export const TemplateBody = z.strictObject({
  name: z.string().trim().min(1, "a template needs a name").max(80),
  description: z.string().max(500).default(""),
  /** Default name and topic for rooms made from it; the creator may override them. */
  roomName: z.string().max(255).default(""),
  topic: z.string().max(1000).default(""),
  preset: Preset.default("private_chat"),
  roomVersion: z.string().regex(/^[0-9a-z.-]{1,32}$/).optional(),
  visibility: z.enum(["private", "public"]).default("private"),
  joinRule: JoinRule.default("invite"),
  /** For joinRule "restricted": members of this space may join. */
  restrictedToSpace: RoomId.optional(),
  encrypted: z.boolean().default(false),
  historyVisibility: HistoryVisibility.default("shared"),
  guestAccess: z.boolean().default(false),
  /** Alias localpart pattern; {slug} is the room name made URL-safe, e.g. "group-{slug}". */
  aliasPattern: z.string().max(100).regex(/^[a-z0-9._=\-{}]*$/, "use lowercase letters, digits, . _ = - and {slug}").default(""),
  avatarUrl: z.string().regex(/^mxc:\/\/[^/]+\/[^/]+$/, "must be an mxc:// URL").optional(),
  parentSpace: RoomId.optional(),
  isSpace: z.boolean().default(false),
  federate: z.boolean().default(true),
  powerLevels: PowerLevelOverride.default({}),
  /** Extra state; power levels, the create event and memberships go only through the checked fields above. */
  initialState: z
    .array(InitialStateEvent)
    .max(50)
    .default([])
    .refine((events) => !events.some((e) => GUARDED_STATE_TYPES.includes(e.type)), {
      message: "initial state may not set m.room.power_levels, m.room.create, m.room.member or m.room.third_party_invite: use powerLevels and defaultInvitees",
    }),
  defaultInvitees: z.array(UserId).max(200).default([]),
  /** Invite the configured moderators and give them their level (on by default). */
  addModerators: z.boolean().default(true),
});
export type TemplateBody = z.infer<typeof TemplateBody>;
export type TemplateInput = z.input<typeof TemplateBody>;

export const TemplateId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "use lowercase letters, digits and dashes");

export const Template = z.object({
  id: TemplateId,
  version: z.number().int(),
  builtin: z.boolean(),
  body: TemplateBody,
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof Template>;

/** The export format communities share: a list of template bodies keyed by id. */
export const TemplateBundle = z.strictObject({
  format: z.literal("matrix-community-dashboard/templates@1"),
  templates: z.array(z.strictObject({ id: TemplateId, body: TemplateBody })).max(200),
});
export type TemplateBundle = z.infer<typeof TemplateBundle>;
