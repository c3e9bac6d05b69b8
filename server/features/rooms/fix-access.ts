import type { FixAccessPlan, FixAccessResult } from "../../../shared/plans.ts";
import { z } from "zod";
import { defineAction } from "../../kernel/runtime/define-action.ts";
import { defineJobKind } from "../../kernel/runtime/job-kind.ts";
import { RoomId } from "../../../shared/matrix-ids.ts";
import { accessReport } from "./access-report.ts";
import type { AccessChange } from "./access-drift.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";

/** The access report (what drifted, per room) and the job runner that fixes it. */
type FixAccessCaps = { accessReport: (options: { record: boolean; rooms?: string[] }) => ReturnType<typeof accessReport>; jobs: JobStarter };
import { describeMatrixFailure, transientFailure } from "../../kernel/errors/homeserver-failure.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";

export const FIX_ACCESS_JOB = "rooms.fix-access";

type Item = { room: string; changes: AccessChange[] };

/** Memberships, invites and the power-levels update. */
type FixAccessJobCaps = { bot: Pick<Bot, "membershipOf" | "inviteUser" | "updatePowerLevels"> };

/** Invites missing moderators, then one power-levels update per room with every level and setting to restore. */
export const fixAccessJob = defineJobKind<null, Item, FixAccessJobCaps>({
  kind: FIX_ACCESS_JOB,
  concurrency: 2,
  capabilities: (app) => ({ bot: app.bot }),
  async runItem(ctx, _params, item) {
    const { bot } = ctx.caps;
    const { room, changes } = item.data;
    const done: string[] = [];
    try {
      for (const change of changes) {
        if (change.kind !== "invite-moderator") continue;
        const membership = await bot.membershipOf(room, change.user);
        if (membership !== "join" && membership !== "invite") await bot.inviteUser(change.user, room);
        done.push(`invited ${change.user}`);
      }
      const levelChanges = changes.filter((c) => c.kind !== "invite-moderator");
      if (levelChanges.length) {
        await bot.updatePowerLevels(room, (current) => {
          const next = current as Record<string, any>;
          for (const change of levelChanges) {
            if (change.kind === "raise-moderator") next.users[change.user] = Math.max(next.users[change.user] ?? 0, change.to);
            if (change.kind === "restore-setting") next[change.setting] = change.to;
          }
          return next;
        });
        done.push(`${levelChanges.length} power-level changes`);
      }
    } catch (err) {
      const failure = describeMatrixFailure(err, `fixing ${room}`);
      if (transientFailure(err)) throw failure;
      return { state: "failed", message: failure.said ?? failure.message, result: { done } };
    }
    return { state: "done", result: { done } };
  },
});

export const fixAccess = defineAction({
  name: "rooms.fix-access",
  family: "rooms",
  permission: "moderator",
  summary: "Bring rooms back to their template and moderator list (invite missing moderators, restore levels)",
  input: z.strictObject({ rooms: z.array(RoomId).max(5000).optional() }),
  example: { rooms: ["!abc:example.org"] },
  capabilities: (app): FixAccessCaps => ({ accessReport: (options) => accessReport(app, options), jobs: app.jobs }),
  async plan(ctx, input): Promise<FixAccessPlan> {
    const entries = await ctx.caps.accessReport({ record: false, rooms: input.rooms });
    return { rooms: entries.map((e) => ({ room: e.roomId, name: e.name, changes: e.changes })), changes: entries.reduce((n, e) => n + e.changes.length, 0) };
  },
  async apply(ctx, plan): Promise<FixAccessResult> {
    if (!plan.rooms.length) throw ApiError.badRequest("Nothing to fix: every chosen room matches its template and moderator list.").saying("nothingToFix");
    const { snapshot } = ctx.caps.jobs.submit({
      kind: FIX_ACCESS_JOB,
      actor: ctx.actor.id,
      actorKind: ctx.actor.kind,
      params: null,
      items: plan.rooms.map((r) => ({ key: r.room, data: { room: r.room, changes: r.changes } })),
    });
    return { jobId: snapshot.id, rooms: plan.rooms.length };
  },
  target: (_input, plan) => `${plan.rooms.length} rooms`,
  targetParams: (_input, plan) => ({ count: plan.rooms.length }),
});
