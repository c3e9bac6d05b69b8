import { defineAction, type CapabilityContext } from "../../kernel/runtime/define-action.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { TemplateStore } from "../../kernel/store/template-store.ts";
import type { ManagedRooms } from "../../kernel/store/managed-rooms.ts";
import type { RoomIndex } from "../../kernel/matrix/room-index.ts";
import type { ModeratorCheck } from "../../kernel/authority/moderator-check.ts";
import type { Config } from "../../kernel/config/config.ts";
import type { Store } from "../../kernel/store/db.ts";
import { CreateRoomInput, type RoomCreationPlan } from "../../../shared/rooms.ts";
import { planRoomCreation } from "./plan-room-creation.ts";
import { listModerators, defaultRoomVersion } from "./moderators.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure, isNotFound } from "../../kernel/errors/homeserver-failure.ts";
import { once, seenBefore } from "../../kernel/store/idempotency.ts";
import { requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";

import type { CreatedRoom } from "../../../shared/plans.ts";

export type { CreatedRoom };

/** What planning and creating a room use (also the conflict room and a bridged room's creation). */
export type CreateRoomCaps = {
  bot: Pick<Bot, "userId" | "serverName" | "resolveRoom" | "getUserProfile" | "powerLevelOf" | "powerLevels" | "getJoinedRoomMembers" | "createEvent" | "serverCapabilities" | "createRoom" | "sendStateEvent">;
  templates: Pick<TemplateStore, "get">;
  moderators: Pick<ModeratorCheck, "roomId">;
  config: Pick<Config, "moderatorPowerLevel">;
  /** Idempotency keys (a repeated submit answers with the first room). */
  store: Pick<Store, "db">;
  managedRooms: Pick<ManagedRooms, "add">;
  rooms: Pick<RoomIndex, "noteCreated">;
};

export const createRoomCaps = (app: AppContext): CreateRoomCaps => ({
  bot: app.bot,
  templates: app.templates,
  moderators: app.moderators,
  config: app.config,
  store: app.store,
  managedRooms: app.managedRooms,
  rooms: app.rooms,
});

type CreateRoomContext = CapabilityContext<CreateRoomCaps>;

async function aliasOwner(ctx: CreateRoomContext, alias: string): Promise<string | undefined> {
  try {
    return await ctx.caps.bot.resolveRoom(alias);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Local users must exist; remote ones cannot be checked without federation and are taken as given. */
async function unknownUsers(ctx: CreateRoomContext, userIds: string[]): Promise<string[]> {
  const local = userIds.filter((u) => u.endsWith(`:${ctx.caps.bot.serverName}`));
  const checks = await Promise.all(
    local.map(async (u) => {
      try {
        await ctx.caps.bot.getUserProfile(u);
        return null;
      } catch (err) {
        return isNotFound(err) ? u : null;
      }
    }),
  );
  return checks.filter((u): u is string => u !== null);
}

async function checkSpacePermission(ctx: CreateRoomContext, spaceId: string): Promise<void> {
  const { bot } = ctx.caps;
  const [level, powerLevels] = await Promise.all([bot.powerLevelOf(spaceId, bot.userId), bot.powerLevels(spaceId)]).catch((err) => {
    throw describeMatrixFailure(err, `reading the parent space ${spaceId}`);
  });
  const needed = requiredForStateEvent(powerLevels, "m.space.child");
  if (level < needed) {
    throw ApiError.forbidden(
      `The bot cannot add rooms to the space ${spaceId}: it has power level ${level}, m.space.child needs ${needed}.`,
      `Raise ${bot.userId} to ${needed} in the space, or create the room without a parent space.`,
    ).saying("spaceNoChildRight", { space: spaceId, level, needed, bot: bot.userId });
  }
}

export async function planCreateRoom(ctx: CreateRoomContext, input: CreateRoomInput): Promise<RoomCreationPlan> {
  const { caps } = ctx;
  const template = caps.templates.get(input.template);
  const [moderators, roomVersion] = await Promise.all([
    template.body.addModerators ? caps.moderators.roomId().then((id) => listModerators(caps.bot, id, caps.config.moderatorPowerLevel)) : [],
    defaultRoomVersion(caps.bot),
  ]);
  const plan = planRoomCreation(
    {
      templateId: template.id,
      templateVersion: template.version,
      template: template.body,
      name: input.name,
      topic: input.topic,
      alias: input.alias,
      invitees: input.invitees,
      parentSpace: input.parentSpace,
      encrypted: input.encrypted,
    },
    { botUserId: caps.bot.userId, serverName: caps.bot.serverName, defaultRoomVersion: roomVersion, moderators, actorLevel: ctx.actor.powerLevel },
  );
  if (!plan.name) throw ApiError.badRequest("name: a room needs a name (the template has no default name).", "name").saying("roomNeedsName");
  // A repeated submit is answered with the first room by apply; its alias is ours, not a conflict.
  if (seenBefore(caps.store.db, "rooms.create", input.idempotencyKey)) return plan;
  if (plan.alias) {
    const owner = await aliasOwner(ctx, plan.alias);
    if (owner) throw ApiError.conflict(`The alias ${plan.alias} is already taken (by ${owner}).`, "Choose another alias, or leave it empty.").saying("aliasTakenBy", { alias: plan.alias, owner });
  }
  const unknown = await unknownUsers(ctx, plan.invites);
  if (unknown.length) {
    throw ApiError.badRequest(`No such user on ${caps.bot.serverName}: ${unknown.join(", ")}.`, "invitees", "Check the spelling of the Matrix IDs.").saying("noSuchUsers", { server: caps.bot.serverName, users: unknown.join(", ") });
  }
  if (plan.parentSpace) await checkSpacePermission(ctx, plan.parentSpace);
  return plan;
}

/** Creates the room exactly as planned; the space link and the managed-room record follow. */
export async function applyCreateRoom(ctx: CreateRoomContext, plan: RoomCreationPlan, idempotencyKey?: string): Promise<CreatedRoom> {
  const { caps } = ctx;
  return once(caps.store.db, "rooms.create", idempotencyKey, async () => {
    let roomId: string;
    try {
      roomId = await caps.bot.createRoom(plan.request as any);
    } catch (err) {
      const failure = describeMatrixFailure(err, "creating the room");
      if (failure.errcode === "M_ROOM_IN_USE") {
        throw ApiError.conflict(`The alias ${plan.alias} is already taken.`, "Choose another alias, or leave it empty.").saying("aliasTaken", { alias: plan.alias ?? "" });
      }
      if (failure.status === 403) {
        throw ApiError.forbidden(
          `The homeserver does not let the bot create rooms (${failure.errcode}).`,
          "Allow the bot account to create rooms on the homeserver (see `npm run doctor`).",
        ).saying("botMayNotCreateRooms", { errcode: failure.errcode ?? "" });
      }
      throw failure;
    }
    if (plan.parentSpace) {
      await caps.bot.sendStateEvent(plan.parentSpace, "m.space.child", roomId, { via: [caps.bot.serverName], suggested: false });
    }
    caps.managedRooms.add(roomId, plan.template.id, ctx.actor.id);
    caps.rooms.noteCreated(roomId);
    return { roomId, alias: plan.alias, invited: plan.invites, templateId: plan.template.id };
  });
}

export const createRoom = defineAction({
  name: "rooms.create",
  family: "rooms",
  permission: "moderator",
  summary: "Create a room from a template, with the moderators invited at their level",
  input: CreateRoomInput,
  example: { template: "community", name: "Gardening group", invitees: ["@alice:example.org"], idempotencyKey: "create-gardening-1" },
  capabilities: createRoomCaps,
  plan: planCreateRoom,
  apply: (ctx, plan, input) => applyCreateRoom(ctx, plan, input.idempotencyKey),
  target: (_input, plan) => plan.alias ?? plan.name,
});
