import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The folder holding the project's package.json, found from where this code runs: the TypeScript
 * sources (server/kernel/config) or the server bundle `npm start` runs (dist/server), which sit at
 * different depths.
 */
export function projectRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
