import { existsSync, readFileSync } from "node:fs";
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
