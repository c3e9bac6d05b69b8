import type { CheckResult } from "../../../shared/health.ts";
import type { AuthentikConfig } from "../config/config.ts";
import { AuthentikClient } from "./client.ts";
import { AuthentikError } from "./errors.ts";

type Check = Omit<CheckResult, "id" | "title" | "required">;
const ok = (summary: string): Check => ({ status: "ok", summary });
const fail = (summary: string, err: unknown): Check => {
  const e = err instanceof AuthentikError ? err : new AuthentikError({ code: "authentik_error", message: String((err as Error)?.message ?? err), hint: "See the message." });
  return { status: "fail", summary, cause: e.message, fix: e.hint ?? "Check AUTHENTIK_URL and AUTHENTIK_TOKEN." };
};
const skipped = (because: string): Check => ({ status: "skipped", summary: `Not checked: ${because}` });

/**
 * Authentik account sync: reachable, token valid, may read users. An optional feature, so never
 * required, and nothing to check when it is off (GET /api/sync/status says "not configured").
 */
export async function authentikChecks(config: AuthentikConfig | undefined, fetchImpl?: typeof fetch): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (id: string, title: string, check: Check) => results.push({ id, title, required: false, ...check });
  if (!config) return results;
  const client = new AuthentikClient({
    url: config.url,
    token: config.token,
    pageSize: 1,
    timeoutMs: Math.min(config.timeoutMs, 10_000),
    retry: { maxAttempts: 1 },
    fetchImpl,
  });
  let reachable = false;
  try {
    await client.ping();
    reachable = true;
    add("authentik-reachable", "Authentik reachable", ok(`Authentik answers at ${config.url}.`));
  } catch (err) {
    add("authentik-reachable", "Authentik reachable", fail(`Cannot reach Authentik at ${config.url}.`, err));
  }
  let tokenValid = false;
  if (!reachable) add("authentik-token", "Authentik API token", skipped("Authentik is not reachable"));
  else {
    try {
      const me = await client.me();
      tokenValid = true;
      add("authentik-token", "Authentik API token", ok(`The token belongs to ${me.username}.`));
    } catch (err) {
      add("authentik-token", "Authentik API token", fail("Authentik does not accept AUTHENTIK_TOKEN.", err));
    }
  }
  if (!tokenValid) add("authentik-users", "Authentik user list", skipped("the token is not accepted"));
  else {
    try {
      const count = await client.visibleUserCount();
      // Object permissions make Authentik answer an under-privileged token with a short list, not an error.
      add(
        "authentik-users",
        "Authentik user list",
        count > 1
          ? ok(`The token can read users (${count} visible).`)
          : { status: "warn", summary: `The token sees only ${count} user${count === 1 ? "" : "s"}.`, cause: "It may lack the \"Can view User\" permission, so a sync would miss people.", fix: "Give the token's service account a role with \"Can view User\" and \"Can view Group\"." },
      );
    } catch (err) {
      add("authentik-users", "Authentik user list", fail("The token may not read users.", err));
    }
  }
  return results;
}
