import type { RoomCreationPlan } from "../../../shared/rooms.ts";
import { creatorsHaveInfinitePower } from "../../kernel/matrix/power-levels.ts";
import { GUARDED_STATE_TYPES, type TemplateBody } from "../../../shared/templates.ts";
import { said, type Said } from "../../../shared/said.ts";

export type Moderator = { userId: string; level: number };

export type CreationContext = {
  botUserId: string;
  serverName: string;
  defaultRoomVersion: string;
  moderators: Moderator[];
  /** The creating actor's own level in the moderator room: no entry in the new room may exceed it. */
  actorLevel: number;
};

/** Templates saved before initialState was checked may still hold these: they are left out here too. */
const GUARDED_STATE = new Set(GUARDED_STATE_TYPES);

/** The level the bot keeps in rooms of versions before 12 (from 12 on, as creator, it is above everyone). */
const BOT_LEVEL = 100;

export type CreationRequest = {
  templateId: string;
  templateVersion: number;
  template: TemplateBody;
  name?: string;
  topic?: string;
  alias?: string;
  invitees: string[];
  parentSpace?: string;
  encrypted?: boolean;
};

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/**
 * Pure: turns a template plus overrides into the exact createRoom request, the invites and the
 * power levels. Reads nothing and changes nothing, so the preview is exactly what apply sends.
 */
export function planRoomCreation(req: CreationRequest, ctx: CreationContext): RoomCreationPlan {
  const t = req.template;
  const warnings: Said[] = [];
  const name = (req.name ?? t.roomName).trim();
  const topic = req.topic ?? t.topic;
  const roomVersion = t.roomVersion ?? ctx.defaultRoomVersion;
  const encrypted = req.encrypted ?? t.encrypted;
  const parentSpace = req.parentSpace ?? t.parentSpace ?? null;
  const aliasLocalpart = req.alias ?? (t.aliasPattern ? t.aliasPattern.replaceAll("{slug}", slugify(name)) : "");
  const alias = aliasLocalpart ? `#${aliasLocalpart}:${ctx.serverName}` : null;

  const moderators = t.addModerators ? ctx.moderators.filter((m) => m.userId !== ctx.botUserId) : [];
  const invites = [...new Set([...moderators.map((m) => m.userId), ...t.defaultInvitees, ...req.invitees])].filter(
    (u) => u !== ctx.botUserId,
  );

  // Room version 12 makes the creator (the bot) all-powerful and forbids listing it in `users`;
  // older versions need it listed, since Synapse's override replaces the preset's users map.
  // Whatever the template says, nobody gets more than the creating actor has, nor as much as the
  // bot in older rooms beyond its 100: the bot keeps control and a template cannot escalate anyone.
  const infinite = creatorsHaveInfinitePower(roomVersion);
  const cap = Math.min(ctx.actorLevel, infinite ? Number.POSITIVE_INFINITY : BOT_LEVEL);
  const capped: Array<{ userId: string; asked: number; given: number }> = [];
  const users: Record<string, number> = {};
  const grant = (userId: string, asked: number, from: "template" | "moderator room") => {
    const given = Math.min(asked, cap);
    if (given < asked) {
      capped.push({ userId, asked, given });
      warnings.push(
        from === "template"
          ? said("rooms.capped-template-level", `The template asks level ${asked} for ${userId}; capped at ${given}, your own level.`, { asked, userId, given })
          : said("rooms.capped-moderator-level", `${userId} has level ${asked} in the moderator room; here at most ${given}, your own level.`, { asked, userId, given }),
      );
    }
    users[userId] = Math.max(users[userId] ?? Number.NEGATIVE_INFINITY, given);
  };
  for (const [userId, level] of Object.entries(t.powerLevels.users ?? {})) if (userId !== ctx.botUserId) grant(userId, level, "template");
  for (const m of moderators) grant(m.userId, Math.min(m.level, BOT_LEVEL), "moderator room");
  if (infinite) {
    if (ctx.botUserId in (t.powerLevels.users ?? {})) warnings.push(said("rooms.bot-listed-unlimited", "The template lists the bot in power levels; room version 12 gives the creator unlimited power, so it was left out."));
  } else {
    if (ctx.botUserId in (t.powerLevels.users ?? {})) warnings.push(said("rooms.bot-listed-kept", `The template lists the bot in power levels; it keeps ${BOT_LEVEL}, the highest level in the room.`, { level: BOT_LEVEL }));
    users[ctx.botUserId] = BOT_LEVEL;
  }
  const usersDefault = t.powerLevels.users_default === undefined ? undefined : Math.min(t.powerLevels.users_default, cap);
  if (usersDefault !== undefined && usersDefault < t.powerLevels.users_default!) {
    warnings.push(said("rooms.capped-default-level", `The template gives everyone level ${t.powerLevels.users_default} by default; capped at ${usersDefault}, your own level.`, { asked: t.powerLevels.users_default!, given: usersDefault }));
  }
  if (t.preset === "trusted_private_chat") {
    warnings.push(said("rooms.trusted-preset", "The trusted_private_chat preset is meant to give every invitee the creator's power; here invitees get only the levels listed."));
  }
  if (t.defaultInvitees.length) warnings.push(said("rooms.default-invitees", `The template invites ${t.defaultInvitees.join(", ")} to every room made from it.`, { users: t.defaultInvitees.join(", ") }));
  if (t.historyVisibility === "world_readable") warnings.push(said("rooms.world-readable", "History is world_readable: anyone, even without joining, can read every message in this room."));

  const initialState: Array<{ type: string; state_key: string; content: Record<string, unknown> }> = [
    { type: "m.room.history_visibility", state_key: "", content: { history_visibility: t.historyVisibility } },
    { type: "m.room.guest_access", state_key: "", content: { guest_access: t.guestAccess ? "can_join" : "forbidden" } },
    {
      type: "m.room.join_rules",
      state_key: "",
      content:
        t.joinRule === "restricted" && t.restrictedToSpace
          ? { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: t.restrictedToSpace }] }
          : { join_rule: t.joinRule === "restricted" ? "invite" : t.joinRule },
    },
  ];
  if (t.joinRule === "restricted" && !t.restrictedToSpace) warnings.push(said("rooms.restricted-without-space", "Join rule 'restricted' needs a space; the room is invite-only instead."));
  if (encrypted) initialState.push({ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } });
  if (t.avatarUrl) initialState.push({ type: "m.room.avatar", state_key: "", content: { url: t.avatarUrl } });
  if (parentSpace) initialState.push({ type: "m.space.parent", state_key: parentSpace, content: { via: [ctx.serverName], canonical: true } });
  for (const e of t.initialState) {
    if (GUARDED_STATE.has(e.type)) warnings.push(said("rooms.guarded-state-dropped", `The template's initial ${e.type} event was left out: power and membership come only from the checked settings.`, { type: e.type }));
    else initialState.push({ type: e.type, state_key: e.state_key, content: e.content });
  }

  const request: Record<string, unknown> = {
    preset: t.preset,
    visibility: t.visibility,
    name,
    ...(topic ? { topic } : {}),
    ...(aliasLocalpart ? { room_alias_name: aliasLocalpart } : {}),
    room_version: roomVersion,
    invite: invites,
    initial_state: initialState,
    creation_content: { ...(t.federate ? {} : { "m.federate": false }), ...(t.isSpace ? { type: "m.space" } : {}) },
    power_level_content_override: { ...t.powerLevels, ...(usersDefault === undefined ? {} : { users_default: usersDefault }), users },
  };

  return {
    template: { id: req.templateId, version: req.templateVersion },
    name,
    topic,
    alias,
    roomVersion,
    joinRule: (initialState[2]!.content as { join_rule: string }).join_rule,
    encrypted,
    isSpace: t.isSpace,
    parentSpace,
    invites,
    powerLevels: users,
    powerCap: { level: Number.isFinite(cap) ? cap : null, capped },
    warnings,
    request,
  };
}
