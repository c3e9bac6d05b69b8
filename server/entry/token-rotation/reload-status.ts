import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * What the server answered to its last SIGHUP, in `<DATA_DIR>/token-reload.json`: rotate-token
 * waits for it before logging the old token out. Only a fingerprint of the token is written.
 */
export type ReloadStatus = { at: string; ok: boolean; tokenFingerprint: string; message: string };

export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

const statusFile = (dataDir: string) => path.join(dataDir, "token-reload.json");

export function writeReloadStatus(dataDir: string, status: ReloadStatus): void {
  writeFileSync(statusFile(dataDir), JSON.stringify(status) + "\n", { mode: 0o600 });
}

export function readReloadStatus(dataDir: string): ReloadStatus | undefined {
  const file = statusFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ReloadStatus;
  } catch {
    return undefined;
  }
}
