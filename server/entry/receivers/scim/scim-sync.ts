import type { Logger } from "pino";
import type { AppContext } from "../../../kernel/runtime/app-context.ts";
import { runAutomaticSync } from "../../../features/sync/auto-sync.ts";

/** sync.accounts's limit on pks in one run. */
const MAX_PKS = 500;

/**
 * SCIM writes are triggers: the named Authentik users are synced from Authentik's API (the source
 * of truth) exactly as a push is, audited as "authentik-scim", and applied only as the automatic-apply
 * policy allows. Returns the apply jobs started.
 */
export async function syncScimUsers(app: AppContext, logger: Logger, userIds: Iterable<string>): Promise<string[]> {
  const pks = [...new Set([...userIds].map(Number))].sort((a, b) => a - b);
  const jobs: string[] = [];
  for (let i = 0; i < pks.length; i += MAX_PKS) {
    const out = await runAutomaticSync(app, logger, "authentik-scim", { scope: "full", pks: pks.slice(i, i + MAX_PKS) });
    if (out.applied?.jobId) jobs.push(out.applied.jobId);
  }
  return jobs;
}
