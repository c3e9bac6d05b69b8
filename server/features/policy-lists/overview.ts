import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { PolicyListsOverview, PolicyRule } from "../../../shared/policy-lists.ts";
import { autoEnforceOn, readListSettings } from "./list-settings.ts";
import { policyRules } from "./policy-rules.ts";
import { runningWatcher } from "./watcher.ts";
import { globMatches } from "./glob.ts";
import { serverNameOf } from "../../../shared/matrix-ids.ts";

/**
 * Every list with its rules and where each came from. While the watcher runs the rules it keeps are
 * current; without it (command-line tools) every list is read again.
 */
export async function overview(app: AppContext): Promise<PolicyListsOverview> {
  const settings = readListSettings(app.store.db);
  const rules = policyRules(app);
  await (runningWatcher(app) ? rules.ensureLoaded() : rules.reloadAll());
  const entries = [...(settings.own ? [{ roomId: settings.own, alias: null, own: true }] : []), ...settings.subscriptions.map((s) => ({ ...s, own: false }))];
  const lists = await Promise.all(
    entries.map(async (e) => {
      const state = rules.list(e.roomId);
      const name = await app.bot.stateContent<{ name?: string }>(e.roomId, "m.room.name").catch(() => null);
      return { roomId: e.roomId, alias: e.alias, own: e.own, name: name?.name ?? null, ruleCount: state?.rules.length ?? 0, ...(state?.problem ? { problem: state.problem } : {}) };
    }),
  );
  return { own: settings.own, lists, rules: rules.all(), autoEnforce: autoEnforceOn(app.store.db) };
}

/**
 * The rules that match one user: their user rules and the server rules for their server (what a
 * report's sender history and the user card show). A server rule that matches the homeserver's own
 * server is left out, as enforcement leaves it out. Uses the rules as last read.
 */
export function rulesMatching(app: AppContext, userId: string): PolicyRule[] {
  const index = policyRules(app).ruleIndex();
  const server = serverNameOf(userId);
  const own = app.bot.serverName;
  return [...index.matchUser(userId), ...index.serverRules.filter((r) => globMatches(r.entity, server) && !globMatches(r.entity, own))];
}
