import { defineAction } from "../../kernel/runtime/define-action.ts";
import { defineJobKind } from "../../kernel/runtime/job-kind.ts";
import { InviteInput } from "../../../shared/rooms.ts";
import { readUserId } from "../../../shared/matrix-ids.ts";
import { botMayInvite } from "./guardrails.ts";
import { powerLevelFromState } from "../../kernel/matrix/power-levels.ts";
import { describeMatrixFailure, isNotFound, transientFailure } from "../../kernel/errors/homeserver-failure.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";

export const INVITE_JOB = "rooms.invite";

import type { InviteItem, InvitePlan } from "../../../shared/plans.ts";
import { said } from "../../../shared/said.ts";

export type { InvitePlan };


type InviteCaps = { bot: Pick<Bot, "userId" | "serverName" | "getUserProfile" | "createEvent" | "powerLevels" | "membershipOf">; jobs: JobStarter };

async function userExists(bot: InviteCaps["bot"], user: string): Promise<boolean> {
  if (!user.endsWith(`:${bot.serverName}`)) return true;
  try {
    await bot.getUserProfile(user);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The person's membership in the room, and the invite. */
type InviteJobCaps = { bot: Pick<Bot, "membershipOf" | "inviteUser"> };

/** Invites each (room, user) pair once: already-joined or invited people are skipped. */
export const inviteJob = defineJobKind<null, InviteItem, InviteJobCaps>({
  kind: INVITE_JOB,
  concurrency: 2,
  capabilities: (app) => ({ bot: app.bot }),
  async runItem(ctx, _params, item) {
    const { bot } = ctx.caps;
    const membership = await bot.membershipOf(item.data.room, item.data.user);
    if (membership === "join" || membership === "invite") return { state: "skipped", message: membership === "join" ? said("itemAlreadyJoined", "already joined") : said("itemAlreadyInvited", "already invited") };
    if (membership === "ban") return { state: "failed", message: said("itemBannedHere", "banned from this room: unban first") };
    try {
      await bot.inviteUser(item.data.user, item.data.room);
    } catch (err) {
      const failure = describeMatrixFailure(err, `inviting ${item.data.user}`);
      if (transientFailure(err)) throw failure;
      return { state: "failed", message: failure.said ?? failure.message };
    }
    return { state: "done" };
  },
});

export const inviteUsers = defineAction({
  name: "rooms.invite",
  family: "rooms",
  permission: "moderator",
  summary: "Invite people to one or many rooms (a background job)",
  input: InviteInput,
  example: { rooms: ["!abc:example.org"], users: ["@alice:example.org", "@bob:example.org"] },
  capabilities: (app): InviteCaps => ({ bot: app.bot, jobs: app.jobs }),
  async plan(ctx, input): Promise<InvitePlan> {
    const { bot } = ctx.caps;
    const lines = [...new Set(input.users.map((u) => u.trim()).filter(Boolean))];
    const rejected: InvitePlan["rejected"] = [];
    const completed: InvitePlan["completed"] = [];
    const ids: string[] = [];
    for (const line of lines) {
      const read = readUserId(line, bot.serverName);
      if ("problem" in read) rejected.push({ input: line, problem: read.problem });
      else {
        if (read.userId !== line) completed.push({ input: line, userId: read.userId });
        ids.push(read.userId);
      }
    }
    const invalid = rejected.map((r) => r.input);
    const valid = [...new Set(ids)];
    const exists = await Promise.all(valid.map((u) => userExists(bot, u)));
    const unknown = valid.filter((_, i) => !exists[i]);
    const known = valid.filter((_, i) => exists[i]);
    const roomsRefused: InvitePlan["roomsRefused"] = [];
    const invites: InviteItem[] = [];
    const alreadyThere: InvitePlan["alreadyThere"] = [];
    for (const room of [...new Set(input.rooms)]) {
      let allowed;
      try {
        const [create, powerLevels] = await Promise.all([bot.createEvent(room), bot.powerLevels(room)]);
        allowed = botMayInvite(powerLevelFromState(bot.userId, create.content, powerLevels, create.sender), powerLevels);
      } catch (err) {
        const failure = describeMatrixFailure(err);
        roomsRefused.push({ room, reason: failure.message, ...(failure.said ? { said: failure.said } : {}) });
        continue;
      }
      if (!allowed.ok) {
        roomsRefused.push({ room, reason: allowed.reason, ...(allowed.code ? { said: said(allowed.code, allowed.reason, allowed.params) } : {}) });
        continue;
      }
      const memberships = await Promise.all(known.map((user) => bot.membershipOf(room, user)));
      known.forEach((user, i) => {
        const m = memberships[i];
        if (m === "join" || m === "invite") alreadyThere.push({ room, user, membership: m });
        else invites.push({ room, user });
      });
    }
    return { invites, alreadyThere, invalid, rejected, completed, unknown, roomsRefused };
  },
  async apply(ctx, plan, input) {
    if (plan.invites.length === 0) {
      throw ApiError.badRequest("Nobody to invite: everyone listed is already in those rooms, invalid or unknown.", "users").saying("nobodyToInvite");
    }
    const { snapshot } = ctx.caps.jobs.submit({
      kind: INVITE_JOB,
      actor: ctx.actor.id,
      actorKind: ctx.actor.kind,
      params: null,
      items: plan.invites.map((i) => ({ key: `${i.room} ${i.user}`, data: i })),
      idempotencyKey: input.idempotencyKey ? `invite:${input.idempotencyKey}` : undefined,
    });
    return { jobId: snapshot.id, invites: plan.invites.length };
  },
  // One person is named, so their user card finds the entry.
  target: (input) => `${input.users.length === 1 ? input.users[0] : `${input.users.length} users`} × ${input.rooms.length} rooms`,
  targetParams: (input) => ({ count: input.users.length, rooms: input.rooms.length }),
});
