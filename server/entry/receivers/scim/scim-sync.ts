import type { Logger } from "pino";
import type { AppContext } from "../../../kernel/runtime/app-context.ts";
import { runAction } from "../../../kernel/runtime/run-action.ts";
import { syncAccounts } from "../../../features/sync/sync-accounts.ts";
import { systemContext } from "../../../features/sync/system-actor.ts";

/** sync.accounts's limit on pks in one run. */
const MAX_PKS = 500;

/**
 * SCIM writes are triggers: the named Authentik users are synced from Authentik's API (the source
 * of truth) exactly as a push is, audited as "authentik-scim". Returns the apply jobs started.
 */
export async function syncScimUsers(app: AppContext, logger: Logger, userIds: Iterable<string>): Promise<string[]> {
  const pks = [...new Set([...userIds].map(Number))].sort((a, b) => a - b);
  const mode = app.config.authentik!.autoApply ? "apply" : "plan";
  const jobs: string[] = [];
  for (let i = 0; i < pks.length; i += MAX_PKS) {
    const out = await runAction(syncAccounts, systemContext(app, logger, "authentik-scim"), { scope: "full", pks: pks.slice(i, i + MAX_PKS) }, mode);
    if (out.result?.jobId) jobs.push(out.result.jobId);
  }
  return jobs;
}
