import type { Config } from "../../kernel/config/config.ts";
import { readEnvFile, updateEnvFile } from "../../kernel/config/env-file.ts";
import { runningServerPid } from "../../kernel/config/pid-file.ts";
import { BOT_DEVICE_NAME, logout, passwordLogin, SetupError, whoami } from "../setup/matrix-account.ts";
import { readReloadStatus, tokenFingerprint } from "./reload-status.ts";

type Say = (line: string) => void;

async function serverConfirmation(dataDir: string, token: string, since: number, timeoutMs: number): Promise<{ ok: boolean; message: string } | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = readReloadStatus(dataDir);
    if (status && Date.parse(status.at) >= since && status.tokenFingerprint === tokenFingerprint(token)) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

/**
 * Signs the bot in on a new device, checks the new token, writes it to `.env`, has the running
 * server switch to it (SIGHUP), and only once the server confirmed logs the old token out.
 */
export async function rotateToken(o: { config: Config; envFile: string; password: string; say: Say; confirmTimeoutMs?: number }): Promise<void> {
  const { config, say } = o;
  if (readEnvFile(o.envFile).MATRIX_ACCESS_TOKEN !== config.accessToken) {
    throw new SetupError(
      `The access token in use does not come from ${o.envFile} (MATRIX_ACCESS_TOKEN is set in the environment), so rotation could not replace it.`,
      "Keep MATRIX_ACCESS_TOKEN in .env only (remove it from the environment or the service unit), then rotate again.",
    );
  }
  const day = new Date().toISOString().slice(0, 10);
  const fresh = await passwordLogin(config.homeserverUrl, config.botUserId, o.password, `${BOT_DEVICE_NAME} (rotated ${day})`);
  const me = await whoami(config.homeserverUrl, fresh.accessToken);
  if (me?.userId !== config.botUserId) {
    await logout(config.homeserverUrl, fresh.accessToken).catch(() => {});
    throw new SetupError(`The new token signs in as ${me?.userId ?? "nobody"}, not ${config.botUserId}.`, "Check MATRIX_USER_ID and the account you gave the password of.");
  }
  say(`Signed ${config.botUserId} in on a new device (${fresh.deviceId}); the new token passed the whoami check.`);
  updateEnvFile(o.envFile, { MATRIX_ACCESS_TOKEN: fresh.accessToken, MATRIX_ACCESS_TOKEN_ISSUED_AT: new Date().toISOString() });
  say(`Wrote the new token to ${o.envFile}.`);

  const pid = runningServerPid(config.dataDir);
  if (pid === undefined) {
    say(`No running dashboard found (no live pid in ${config.dataDir}/dashboard.pid): it will use the new token when it starts.`);
  } else {
    const since = Date.now();
    try {
      process.kill(pid, "SIGHUP");
    } catch (err) {
      throw new SetupError(
        `Cannot signal the running dashboard (pid ${pid}): ${(err as NodeJS.ErrnoException).code}. The new token is in ${o.envFile}; the old one stays valid.`,
        "Run rotate-token as the service's user (sudo -u <user> npm run rotate-token), or restart the service and log the old device out in Element.",
      );
    }
    const answer = await serverConfirmation(config.dataDir, fresh.accessToken, since, o.confirmTimeoutMs ?? 20_000);
    if (!answer?.ok) {
      throw new SetupError(
        `The running dashboard (pid ${pid}) ${answer ? `refused the new token: ${answer.message}` : "did not confirm the switch"}; the old token stays valid so it keeps working.`,
        "Check the server's log, or restart it; then log the old device out in Element (Settings → Sessions).",
      );
    }
    say(`The running dashboard (pid ${pid}) switched to the new token.`);
  }
  await logout(config.homeserverUrl, config.accessToken);
  say("Logged the old token out: it no longer works anywhere.");
}
