import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Synapse version the test bed and the demo run; bump deliberately. */
export const SYNAPSE_REQUIREMENT = "matrix-synapse==1.163.2";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const cacheDir = path.join(projectRoot, ".cache");
const venvDir = path.join(cacheDir, "synapse-venv");
const marker = path.join(venvDir, ".installed-requirement");

export function venvPython(): string {
  return path.join(venvDir, "bin", "python");
}

/**
 * Installs Synapse from PyPI into a cached virtualenv the first time, and reuses it afterwards
 * (the marker records which requirement the venv holds, so a version bump reinstalls).
 */
export async function ensureSynapseInstalled(log: (line: string) => void = () => {}): Promise<string> {
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === SYNAPSE_REQUIREMENT) {
    return venvPython();
  }
  mkdirSync(cacheDir, { recursive: true });
  const python = process.env.PYTHON ?? "python3";
  if (!existsSync(venvPython())) {
    log(`creating Synapse virtualenv in ${venvDir}`);
    await run(python, ["-m", "venv", venvDir]);
  }
  log(`installing ${SYNAPSE_REQUIREMENT} (first run only, takes a minute)`);
  await run(venvPython(), ["-m", "pip", "install", "--disable-pip-version-check", "-q", SYNAPSE_REQUIREMENT], {
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(marker, SYNAPSE_REQUIREMENT + "\n");
  return venvPython();
}
