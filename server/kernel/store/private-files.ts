import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The data folder holds the session secret, API token hashes and the audit log: only the account
 * that runs the dashboard may read it. SQLite gives `-wal`/`-shm` the database file's mode, so
 * creating the folder 0700 and tightening every file in it to 0600 covers them too.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const isLoose = (mode: number) => (mode & 0o077) !== 0;

/** Creates the data folder owner-only, or tightens an existing one and the files in it. */
export function makeDataDirPrivate(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dataDir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(path.join(dataDir, entry.name), PRIVATE_FILE_MODE);
  }
}

/** Tightens the given files (those that exist) to 0600: called after SQLite created its -wal/-shm. */
export function makeFilesPrivate(...files: string[]): void {
  for (const file of files) if (existsSync(file)) tighten(file, PRIVATE_FILE_MODE);
}

function tighten(file: string, mode: number): void {
  const current = statSync(file).mode & 0o777;
  if (isLoose(current)) chmodSync(file, current & mode);
}

/** The data folder and files in it that group or others may read or write, with their modes ("0644"). */
export function loosePrivateFiles(dataDir: string): Array<{ path: string; mode: string }> {
  if (!existsSync(dataDir)) return [];
  const paths = [dataDir, ...readdirSync(dataDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(dataDir, e.name))];
  return paths
    .map((p) => ({ path: p, mode: statSync(p).mode & 0o777 }))
    .filter((f) => isLoose(f.mode))
    .map((f) => ({ path: f.path, mode: `0${f.mode.toString(8)}` }));
}
