import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { CheckResult } from "../../../shared/health.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { e2eeStatus } from "../../kernel/matrix/e2ee.ts";
import { deviceStoreDir } from "../../kernel/matrix/bot-device.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";

type Check = Omit<CheckResult, "id" | "title" | "required">;

/** The store's folder as doctor sees it: present, and readable by the server's user only. */
function storeState(dataDir: string | undefined, deviceId: string): { text: string; problem?: string } {
  if (!dataDir) return { text: "store not checked (no data folder given)" };
  const dir = deviceStoreDir(path.join(dataDir, "crypto"), deviceId);
  if (!existsSync(dir)) return { text: "no store yet", problem: `${dir} does not exist: the server creates it when it starts with this token` };
  const mode = statSync(dir).mode & 0o777;
  const text = `store ${dir} (${mode.toString(8).padStart(4, "0")})`;
  return mode & 0o077 ? { text, problem: `${dir} can be read by other users (mode ${mode.toString(8)}): chmod 700 it` } : { text };
}

/**
 * The bot's encryption device: which device it is (the access token's), whether its keys are
 * published and cross-signed, its one-time keys, the room keys it holds and its store. The server
 * (the Health tab) reports the device it runs; `npm run doctor` reads the same from the homeserver
 * and the data folder without opening the store, which belongs to the running server.
 */
export async function checkEncryption(bot: Bot, o: { dataDir?: string; e2ee?: boolean }): Promise<{ check: Check; on: boolean }> {
  const binding = e2eeStatus();
  const off = (reason: string) => ({
    on: false,
    check: { status: "warn" as const, summary: "End-to-end encryption is off.", code: "e2eeOff", cause: reason, fix: "Set E2EE=on and restart the server; meanwhile encrypted rooms are skipped and listed." },
  });
  if (o.e2ee === false) return off("E2EE=off in the configuration.");
  if (!binding.available) {
    return {
      on: false,
      check: {
        status: "warn",
        summary: "End-to-end encryption is unavailable.",
        code: "e2eeUnavailable",
        cause: binding.reason ?? "The native crypto binding is missing.",
        fix: "Encrypted rooms are skipped and listed (announcements can opt in to plain text, recorded in the audit). Use unencrypted rooms for what the bot must post or read.",
      },
    };
  }
  const running = bot.encryption;
  if (!running.on && bot.encryptionStarted) return off(running.reason);
  try {
    const deviceId = running.on ? running.device.deviceId : (await bot.getWhoAmI()).device_id;
    if (!deviceId) {
      return { on: false, check: { status: "warn", summary: "End-to-end encryption is off.", code: "e2eeOff", cause: "The access token has no device, so it cannot hold encryption keys.", fix: "Sign the bot in again: `npm run rotate-token`." } };
    }
    const server = await bot.crossSigningOnServer(deviceId);
    const counts = await bot.oneTimeKeyCounts();
    const store = storeState(o.dataDir, deviceId);
    const roomKeys = running.on ? await running.device.roomKeyCount() : undefined;
    const facts = [
      `device ${deviceId}`,
      server.deviceKeys ? "keys published" : "keys not published",
      server.deviceSigned ? "cross-signed" : "not cross-signed",
      `${counts.signed_curve25519 ?? 0} one-time keys`,
      ...(roomKeys === undefined ? [] : [`${roomKeys} room keys`]),
      store.text,
    ].join(", ");
    const problems = [
      ...(server.deviceKeys ? [] : ["the device has not published its keys, so nobody can encrypt for it"]),
      ...(server.deviceKeys && !server.deviceSigned
        ? [running.on && running.crossSigning.problem ? `not cross-signed: ${running.crossSigning.problem}` : "the device is not cross-signed: clients that trust only cross-signed devices will not share room keys with it"]
        : []),
      ...(store.problem ? [store.problem] : []),
    ];
    // Command-line doctor: the server's device is not open here; the binding and the homeserver's view are what count.
    const on = running.on || !bot.encryptionStarted;
    if (!problems.length) return { on, check: { status: "ok", summary: `End-to-end encryption is on: ${facts}.`, code: "e2eeOn", params: { device: deviceId } } };
    return {
      on,
      check: {
        status: "warn",
        summary: `End-to-end encryption needs attention: ${facts}.`,
        code: "e2eeAttention",
        params: { device: deviceId },
        cause: problems.join("; "),
        fix: "Start the server (it publishes the device's keys and cross-signs it at start), then run `npm run doctor` again; an identity set up elsewhere needs the bot's password to be replaced.",
      },
    };
  } catch (err) {
    const failure = describeMatrixFailure(err, "checking the bot's encryption device");
    return { on: running.on, check: { status: "warn", summary: "Could not check the bot's encryption device.", code: "e2eeUnknown", cause: failure.message, fix: failure.hint } };
  }
}
