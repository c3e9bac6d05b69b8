import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { readListSettings } from "./list-settings.ts";
import { rulesMatching } from "./overview.ts";
import { policyRules } from "./policy-rules.ts";
import type { BanListMatch } from "../../../shared/reports.ts";

/** The rules that match one person, with the list each is in (a report's sender history, the user card). */
export async function banListMatchesFor(app: AppContext, userId: string): Promise<BanListMatch[]> {
  const settings = readListSettings(app.store.db);
  const rules = policyRules(app);
  // Lists not read yet (command-line tools, or before the watcher's first pass) are read now.
  await rules.ensureLoaded();
  const matches = rulesMatching(app, userId);
  const names = new Map<string, string | null>();
  for (const roomId of new Set(matches.map((m) => m.source))) {
    const alias = settings.subscriptions.find((s) => s.roomId === roomId)?.alias;
    names.set(roomId, alias ?? (await app.bot.stateContent<{ name?: string }>(roomId, "m.room.name").catch(() => null))?.name ?? null);
  }
  return matches.map((m) => ({ listRoomId: m.source, listName: names.get(m.source) ?? null, kind: m.kind, entity: m.entity, reason: m.reason || null, recommendation: "m.ban" }));
}
