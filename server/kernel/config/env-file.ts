import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "dotenv";

/** The `.env` file (or ENV_FILE) merged under the real environment, which wins. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = path.resolve(env.ENV_FILE ?? ".env");
  const fromFile = existsSync(file) ? parse(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

export function envFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ENV_FILE ?? ".env");
}

const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

// dotenv reads an unquoted `#` as the start of a comment (so `#moderators:example.org` would be empty).
function quoted(value: string): string {
  return /^[A-Za-z0-9_@:/.,+\-!$%*~=]*$/.test(value) ? value : JSON.stringify(value);
}

/**
 * Sets the given variables in a `.env` file: each existing line is replaced in place, new ones are
 * appended, and comments and every other line stay as they were. The file is written whole to a
 * temporary file with mode 0600 and renamed over the old one, so a crash never leaves half a file
 * and the token is never readable by other users, not even for a moment.
 */
export function updateEnvFile(file: string, values: Record<string, string>): void {
  const lines = existsSync(file) ? readFileSync(file, "utf8").replace(/\n$/, "").split("\n") : [];
  const pending = new Map(Object.entries(values));
  const updated = lines.map((line) => {
    const key = ENV_LINE.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const value = pending.get(key)!;
    pending.delete(key);
    return `${key}=${quoted(value)}`;
  });
  for (const [key, value] of pending) updated.push(`${key}=${quoted(value)}`);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, updated.join("\n") + "\n", { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** The variables a `.env` file itself sets (without the process environment). */
export function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parse(readFileSync(file)) : {};
}
