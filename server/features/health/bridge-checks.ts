import type { CheckResult } from "../../../shared/health.ts";
import { BridgeErrorCode } from "../../../shared/bridges.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { ProvisioningClient, type BridgeWhoami } from "../bridges/provisioning-client.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure, isNotFound } from "../../kernel/errors/homeserver-failure.ts";

type Check = Omit<CheckResult, "id" | "title" | "required">;
const ok = (summary: string): Check => ({ status: "ok", summary });
const fail = (summary: string, cause: string, fix: string): Check => ({ status: "fail", summary, cause, fix });
const warn = (summary: string, cause: string, fix: string): Check => ({ status: "warn", summary, cause, fix });
const skipped = (because: string): Check => ({ status: "skipped", summary: `Not checked: ${because}` });
const fromError = (summary: string, err: ApiError): Check => fail(summary, err.message, err.hint ?? "");

/** Without provisioning the dashboard only talks to the bridge bot in rooms: it must at least exist. */
async function botExists(bot: Bot, b: BridgeConfig): Promise<Check> {
  try {
    await bot.getUserProfile(b.botUserId);
    return ok(`${b.botUserId} exists; the dashboard drives the bridge with "${b.commandPrefix}" commands (no provisioning API configured).`);
  } catch (err) {
    if (!isNotFound(err)) {
      const failure = describeMatrixFailure(err, `looking up ${b.botUserId}`);
      return warn(`Could not look up ${b.botUserId}.`, failure.message, failure.hint);
    }
    return fail(
      `${b.botUserId} does not exist on the homeserver.`,
      `The homeserver knows no user ${b.botUserId}: the bridge is not registered, or BRIDGE_${b.network.toUpperCase()}_BOT is wrong.`,
      "Add the bridge's registration.yaml to Synapse's app_service_config_files and restart Synapse, or fix the bot's ID.",
    );
  }
}

function loginsCheck(b: BridgeConfig, actingUser: string, who: BridgeWhoami): Check {
  const relayVar = `BRIDGE_${b.network.toUpperCase()}_RELAY_LOGIN`;
  if (!who.logins.length) {
    return fail(
      `${actingUser} has no ${b.displayName} login on the bridge.`,
      "Creating groups, linking them and relay mode all act through a login of the dashboard's bot account.",
      `Link the community's ${b.displayName} account on the dashboard's Bridges screen ("Link the bot's ${b.displayName} account", by QR code), or send \`login\` to ${b.botUserId} from ${actingUser}.`,
    );
  }
  const listed = who.logins.map((l) => `${l.name} (${l.id}, ${l.state})`).join(", ");
  if (b.relayLogin && !who.logins.some((l) => l.id === b.relayLogin)) {
    return fail(`${relayVar}=${b.relayLogin} is not a login of ${actingUser}.`, `Its logins are: ${listed}.`, `Set ${relayVar} to one of those IDs, or leave it empty to use the first.`);
  }
  const bad = who.logins.filter((l) => !["CONNECTED", "BACKFILLING"].includes(l.state));
  if (bad.length) {
    return warn(`Some ${b.displayName} logins are not connected: ${bad.map((l) => `${l.name} (${l.state})`).join(", ")}.`, `Logins: ${listed}.`, `Log in again with \`login\` to ${b.botUserId}.`);
  }
  return ok(`Logins of ${actingUser}: ${listed}.`);
}

/** For each configured bridge: reachable, secret accepted, logins present. */
export async function bridgeChecks(bot: Bot, bridges: BridgeConfig[], fetchImpl?: typeof fetch): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const b of bridges) {
    const add = (suffix: string, title: string, check: Check) =>
      results.push({ id: `bridge-${b.network}${suffix}`, title: `${b.displayName} bridge: ${title}`, required: false, ...check });
    if (!b.provisioningUrl) {
      add("", "reachable", await botExists(bot, b));
      add("-secret", "provisioning secret", skipped("no provisioning API configured (commands only)"));
      add("-logins", "logins", skipped("only the provisioning API lists logins"));
      continue;
    }
    let who: BridgeWhoami | undefined;
    let error: ApiError | undefined;
    try {
      who = await new ProvisioningClient(b, fetchImpl).whoami(bot.userId);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      error = err;
    }
    const unreachable = error?.code === BridgeErrorCode.unreachable;
    if (unreachable) add("", "reachable", fromError(`The ${b.displayName} bridge does not answer at ${b.provisioningUrl}.`, error!));
    else if (who && who.bridgeBot && who.bridgeBot !== b.botUserId) {
      add("", "reachable", warn(`The bridge answers, but its bot is ${who.bridgeBot}.`, `BRIDGE_${b.network.toUpperCase()}_BOT says ${b.botUserId}.`, `Set BRIDGE_${b.network.toUpperCase()}_BOT=${who.bridgeBot}.`));
    } else add("", "reachable", ok(`${who?.networkName ?? b.displayName} bridge answers at ${b.provisioningUrl}.`));
    if (unreachable) add("-secret", "provisioning secret", skipped("the bridge does not answer"));
    else if (error?.code === BridgeErrorCode.secretInvalid) add("-secret", "provisioning secret", fromError("The bridge rejects the provisioning secret.", error));
    else if (error) add("-secret", "provisioning secret", fromError("The bridge refused the dashboard.", error));
    else add("-secret", "provisioning secret", ok("The bridge accepts the dashboard's provisioning secret."));
    add("-logins", "logins", who ? loginsCheck(b, bot.userId, who) : skipped("the bridge did not answer whoami"));
  }
  return results;
}
