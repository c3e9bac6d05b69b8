import { defineJobKind } from "../../kernel/runtime/job-kind.ts";
import { describeMatrixFailure, transientFailure } from "../../kernel/errors/homeserver-failure.ts";
import { globMatches } from "./glob.ts";
import type { ServerAcl } from "./enforcement-plan.ts";
import type { EnforcementPlan } from "../../../shared/policy-lists.ts";
import { forgetEnforcedBan, recordEnforcedBan } from "./enforced-bans.ts";
import { said } from "../../../shared/said.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { Store } from "../../kernel/store/db.ts";

export const ENFORCE_JOB = "policy-lists.enforce";

export type EnforceItem =
  | { op: "ban"; room: string; user: string; reason: string; entity: string; source: string }
  | { op: "unban"; room: string; user: string }
  | { op: "acl"; room: string; add: string[]; remove: string[] };

export function enforceItems(plan: EnforcementPlan): Array<{ key: string; data: EnforceItem }> {
  return [
    ...plan.bans.map((b) => ({ key: `ban:${b.room}:${b.user}`, data: { op: "ban" as const, room: b.room, user: b.user, reason: b.rule.reason ? `Ban list: ${b.rule.reason}` : "Ban list", entity: b.rule.entity, source: b.rule.source } })),
    ...plan.unbans.map((u) => ({ key: `unban:${u.room}:${u.user}`, data: { op: "unban" as const, room: u.room, user: u.user } })),
    ...plan.acls.map((a) => ({ key: `acl:${a.room}`, data: { op: "acl" as const, room: a.room, add: a.add, remove: a.remove } })),
  ];
}

/** The room's membership and ACL, the bans and ACL writes, and our record of bans the lists made. */
export type EnforceJobCaps = {
  bot: Pick<Bot, "serverName" | "stateContent" | "sendStateEvent" | "membershipOf" | "banUser" | "unbanUser">;
  store: Pick<Store, "db">;
};

/**
 * One ban, unban or ACL change per item. Each looks at the room as it is now before acting, so an
 * item replayed after a crash (or done by someone else meanwhile) is skipped, not repeated.
 */
export const enforceJob = defineJobKind<Record<string, never>, EnforceItem, EnforceJobCaps>({
  kind: ENFORCE_JOB,
  concurrency: 3,
  capabilities: (app) => ({ bot: app.bot, store: app.store }),
  async runItem(ctx, _params, item) {
    const { bot } = ctx.caps;
    const data = item.data;
    try {
      if (data.op === "acl") {
        const current = (await bot.stateContent<ServerAcl>(data.room, "m.room.server_acl")) ?? {};
        const before = current.deny ?? [];
        // Checked again here: the homeserver's own server is never denied, whatever the plan said.
        const add = data.add.filter((s) => !before.includes(s) && !globMatches(s, bot.serverName));
        const deny = [...before.filter((s) => !data.remove.includes(s)), ...add];
        if (deny.length === before.length && add.length === 0) return { state: "skipped", message: said("itemAclAlready", "the server ACL already says so") };
        await bot.sendStateEvent(data.room, "m.room.server_acl", "", { allow: current.allow ?? ["*"], allow_ip_literals: current.allow_ip_literals ?? true, deny });
        return { state: "done" };
      }
      const membership = await bot.membershipOf(data.room, data.user);
      const { db } = ctx.caps.store;
      if (data.op === "ban") {
        if (membership === "ban") return { state: "skipped", message: said("itemAlreadyBanned", "already banned") };
        await bot.banUser(data.user, data.room, data.reason);
        recordEnforcedBan(db, { room: data.room, user: data.user, entity: data.entity, source: data.source });
      } else {
        forgetEnforcedBan(db, data.room, data.user);
        if (membership !== "ban") return { state: "skipped", message: said("itemNotBanned", `not banned (membership: ${membership ?? "none"})`, { membership: membership ?? "none" }) };
        await bot.unbanUser(data.user, data.room);
      }
      return { state: "done" };
    } catch (err) {
      const failure = describeMatrixFailure(err, `${data.op} in ${data.room}`);
      if (transientFailure(err)) throw failure;
      return { state: "failed", message: failure.said ?? failure.message };
    }
  },
});
