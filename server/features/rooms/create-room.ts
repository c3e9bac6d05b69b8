import { defineAction, type ActionContext } from "../../kernel/runtime/define-action.ts";
import { CreateRoomInput, type RoomCreationPlan } from "../../../shared/rooms.ts";
import { planRoomCreation } from "./plan-room-creation.ts";
import { listModerators, defaultRoomVersion } from "./moderators.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure, isNotFound } from "../../kernel/errors/homeserver-failure.ts";
import { once, seenBefore } from "../../kernel/store/idempotency.ts";
import { requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";

import type { CreatedRoom } from "../../../shared/plans.ts";

export type { CreatedRoom };

async function aliasOwner(ctx: ActionContext, alias: string): Promise<string | undefined> {
  try {
    return await ctx.app.bot.resolveRoom(alias);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Local users must exist; remote ones cannot be checked without federation and are taken as given. */
async function unknownUsers(ctx: ActionContext, userIds: string[]): Promise<string[]> {
  const local = userIds.filter((u) => u.endsWith(`:${ctx.app.bot.serverName}`));
  const checks = await Promise.all(
    local.map(async (u) => {
      try {
        await ctx.app.bot.getUserProfile(u);
        return null;
      } catch (err) {
        return isNotFound(err) ? u : null;
      }
    }),
  );
  return checks.filter((u): u is string => u !== null);
}

async function checkSpacePermission(ctx: ActionContext, spaceId: string): Promise<void> {
  const { bot } = ctx.app;
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

export async function planCreateRoom(ctx: ActionContext, input: CreateRoomInput): Promise<RoomCreationPlan> {
  const { app } = ctx;
  const template = app.templates.get(input.template);
  const [moderators, roomVersion] = await Promise.all([
    template.body.addModerators ? app.moderators.roomId().then((id) => listModerators(app.bot, id, app.config.moderatorPowerLevel)) : [],
    defaultRoomVersion(app.bot),
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
    { botUserId: app.bot.userId, serverName: app.bot.serverName, defaultRoomVersion: roomVersion, moderators, actorLevel: ctx.actor.powerLevel },
  );
  if (!plan.name) throw ApiError.badRequest("name: a room needs a name (the template has no default name).", "name").saying("roomNeedsName");
  // A repeated submit is answered with the first room by apply; its alias is ours, not a conflict.
  if (seenBefore(app.store.db, "rooms.create", input.idempotencyKey)) return plan;
  if (plan.alias) {
    const owner = await aliasOwner(ctx, plan.alias);
    if (owner) throw ApiError.conflict(`The alias ${plan.alias} is already taken (by ${owner}).`, "Choose another alias, or leave it empty.").saying("aliasTakenBy", { alias: plan.alias, owner });
  }
  const unknown = await unknownUsers(ctx, plan.invites);
  if (unknown.length) {
    throw ApiError.badRequest(`No such user on ${app.bot.serverName}: ${unknown.join(", ")}.`, "invitees", "Check the spelling of the Matrix IDs.").saying("noSuchUsers", { server: app.bot.serverName, users: unknown.join(", ") });
  }
  if (plan.parentSpace) await checkSpacePermission(ctx, plan.parentSpace);
  return plan;
}

/** Creates the room exactly as planned; the space link and the managed-room record follow. */
export async function applyCreateRoom(ctx: ActionContext, plan: RoomCreationPlan, idempotencyKey?: string): Promise<CreatedRoom> {
  const { app } = ctx;
  return once(app.store.db, "rooms.create", idempotencyKey, async () => {
    let roomId: string;
    try {
      roomId = await app.bot.createRoom(plan.request as any);
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
      await app.bot.sendStateEvent(plan.parentSpace, "m.space.child", roomId, { via: [app.bot.serverName], suggested: false });
    }
    app.managedRooms.add(roomId, plan.template.id, ctx.actor.id);
    app.rooms.noteCreated(roomId);
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
  plan: planCreateRoom,
  apply: (ctx, plan, input) => applyCreateRoom(ctx, plan, input.idempotencyKey),
  target: (_input, plan) => plan.alias ?? plan.name,
});
