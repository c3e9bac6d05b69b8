import type { CheckResult } from "../../../shared/health.ts";
import { existsSync } from "node:fs";
import { loosePrivateFiles } from "../../kernel/store/private-files.ts";

type Check = Omit<CheckResult, "id" | "title" | "required">;

/** The data folder holds the session secret: doctor names every file there others could read. */
export function checkDataDirModes(dataDir: string): Check {
  if (!existsSync(dataDir)) return { status: "ok", summary: `${dataDir} does not exist yet; the dashboard creates it owner-only (0700).`, code: "dataDirNew" };
  const loose = loosePrivateFiles(dataDir);
  if (loose.length === 0) return { status: "ok", summary: `${dataDir} and its files are readable by the dashboard's account only.`, code: "dataDirPrivate" };
  return {
    status: "warn",
    summary: `${loose.length} item(s) in the data folder are readable by other accounts.`,
    code: "dataDirLoose",
    params: { count: loose.length },
    cause: loose.map((f) => `${f.path} is ${f.mode}`).join("; "),
    fix: "Start the dashboard once (it tightens them to 0700/0600), or run `chmod 700 <DATA_DIR> && chmod 600 <DATA_DIR>/*`.",
  };
}
