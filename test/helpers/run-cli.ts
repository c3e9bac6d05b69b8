import { execFile } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../synapse/install.ts";

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * Runs one of the project's command-line entry points as its npm script does, with only the given
 * environment (plus PATH) and stdin not a terminal; never throws on an exit code.
 */
export function runCli(script: string, args: string[], o: { env: Record<string, string>; cwd?: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--disable-warning=DEP0060", path.join(projectRoot, script), ...args],
      { cwd: o.cwd ?? projectRoot, env: { PATH: process.env.PATH!, ...o.env }, timeout: 90_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end();
  });
}
