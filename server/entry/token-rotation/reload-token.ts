import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { ConfigError, loadConfig } from "../../kernel/config/config.ts";
import { readEnvironment } from "../../kernel/config/env-file.ts";
import { whoami } from "../setup/matrix-account.ts";
import { tokenFingerprint, writeReloadStatus } from "./reload-status.ts";

/** The reload under way: rotate-token both signals the server and rewrites .env, which is watched too. */
let reloading: Promise<unknown> = Promise.resolve();

/**
 * SIGHUP: re-reads `.env`, and when it holds a new access token for the same bot, checks it with
 * whoami and only then swaps it in. Anything else that changed waits for a restart. Reloads run one
 * at a time: two at once would both open the new token's encryption device on the same store.
 */
export function reloadAccessToken(ctx: AppContext, logger: Logger): Promise<boolean> {
  const run = reloading.then(() => reloadNow(ctx, logger));
  reloading = run.catch(() => {});
  return run;
}

async function reloadNow(ctx: AppContext, logger: Logger): Promise<boolean> {
  const { config } = ctx;
  const report = (ok: boolean, token: string, message: string) => {
    (ok ? logger.info.bind(logger) : logger.error.bind(logger))({ reload: "token" }, message);
    writeReloadStatus(config.dataDir, { at: new Date().toISOString(), ok, tokenFingerprint: tokenFingerprint(token), message });
    return ok;
  };
  let fresh;
  try {
    fresh = loadConfig(readEnvironment());
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : String(err);
    return report(false, config.accessToken, `reload refused, the running configuration stays: ${message}`);
  }
  if (fresh.accessToken === config.accessToken) {
    const fromEnvironment = process.env.MATRIX_ACCESS_TOKEN !== undefined;
    return report(
      !fromEnvironment,
      config.accessToken,
      fromEnvironment
        ? "MATRIX_ACCESS_TOKEN is set in the process environment, which wins over .env: the token in .env was not used; remove the variable from the service's environment"
        : "reload: the access token has not changed",
    );
  }
  if (fresh.homeserverUrl !== config.homeserverUrl || fresh.botUserId !== config.botUserId) {
    return report(false, fresh.accessToken, "reload refused: MATRIX_HOMESERVER or MATRIX_USER_ID changed; restart the server for that");
  }
  ctx.scrubber.add(fresh.accessToken);
  const me = await whoami(config.homeserverUrl, fresh.accessToken).catch((err: Error) => err);
  if (me instanceof Error || me?.userId !== config.botUserId) {
    const why = me instanceof Error ? me.message : me ? `it belongs to ${me.userId}` : "the homeserver rejected it";
    return report(false, fresh.accessToken, `reload refused, the old token stays in use: the new token failed the whoami check (${why})`);
  }
  const switched = await ctx.bot.useAccessToken(fresh.accessToken).catch((err: Error) => err);
  if (switched instanceof Error) return report(false, fresh.accessToken, `reload refused, the old token stays in use: ${switched.message}`);
  config.accessToken = fresh.accessToken;
  config.accessTokenIssuedAt = fresh.accessTokenIssuedAt;
  ctx.health.invalidate();
  const encryption = ctx.bot.encryption;
  const device = encryption.on ? `; encryption runs on device ${encryption.device.deviceId}` : "";
  return report(true, fresh.accessToken, `switched to the new access token from .env${device}`);
}
