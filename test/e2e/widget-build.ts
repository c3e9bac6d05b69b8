import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../synapse/install.ts";

export const widgetDist = path.join(projectRoot, "dist/widget");

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when dist/widget is missing or older than the widget's sources. */
export function ensureWidgetBuilt(): void {
  const bundle = path.join(widgetDist, "main.js");
  const sources = Math.max(newestSourceTime(path.join(projectRoot, "widget")), newestSourceTime(path.join(projectRoot, "shared")));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(projectRoot, "esbuild.config.ts")], { cwd: projectRoot, stdio: "pipe" });
}
