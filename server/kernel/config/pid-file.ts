import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** `<DATA_DIR>/dashboard.pid`: how `npm run rotate-token` finds the running server to signal. */
export function pidFilePath(dataDir: string): string {
  return path.join(dataDir, "dashboard.pid");
}

export function writePidFile(dataDir: string): void {
  writeFileSync(pidFilePath(dataDir), `${process.pid}\n`, { mode: 0o600 });
}

/** Removes the file only while it still names this process (a newer server may have replaced it). */
export function removePidFile(dataDir: string): void {
  if (runningServerPid(dataDir) === process.pid) rmSync(pidFilePath(dataDir), { force: true });
}

/** The pid in the file when that process is alive, else undefined (no server, or a stale file). */
export function runningServerPid(dataDir: string): number | undefined {
  const file = pidFilePath(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive but someone else's; only ESRCH means gone.
    return (err as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}
