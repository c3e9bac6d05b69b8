import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

/** Where the shim (server/vendor/matrix-sdk-crypto-shim) looks for the real binding. */
export const BINDING_ALIAS = "matrix-sdk-crypto-nodejs-native";
/** A local tarball of @matrix-org/matrix-sdk-crypto-nodejs with its binary inside, for machines that cannot download it. */
export const TARBALL_SETTING = "MATRIX_CRYPTO_BINDING_TARBALL";

const projectRoot = path.resolve(import.meta.dirname, "../../..");
const bindingDir = path.join(projectRoot, "node_modules", BINDING_ALIAS);

/** Why the real binding cannot be loaded in a fresh process, or null when it loads. */
export function bindingProblem(): string | null {
  try {
    execFileSync(process.execPath, ["-e", `require(${JSON.stringify(BINDING_ALIAS)}).getVersions()`], { cwd: projectRoot, stdio: "pipe" });
    return null;
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? "");
    return stderr.split("\n").find((l) => /Error/.test(l))?.trim() ?? (err as Error).message;
  }
}

/**
 * Unpacks a tarball of the binding into node_modules under the alias, replacing what the package
 * manager left there (the official package without its binary when its download failed), and
 * checks that it loads. Unpacking rather than `npm install <tarball>` leaves package.json and the
 * lock file as they are.
 */
export function installCryptoBinding(tarball: string): void {
  if (!existsSync(tarball)) throw new Error(`${tarball} does not exist`);
  const staging = mkdtempSync(path.join(path.dirname(bindingDir), `.${BINDING_ALIAS}-`));
  try {
    execFileSync("tar", ["-xzf", tarball, "-C", staging], { stdio: "pipe" });
    rmSync(bindingDir, { recursive: true, force: true });
    renameSync(path.join(staging, "package"), bindingDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const problem = bindingProblem();
  if (problem) throw new Error(`the binding from ${tarball} does not load: ${problem}`);
}

// `npm run install-crypto-binding -- <tarball>`, and package.json's postinstall (tarball from the setting, if any).
if (import.meta.main) {
  const tarball = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? process.env[TARBALL_SETTING];
  if (!tarball) {
    if (process.argv.includes("--if-set")) process.exit(0);
    process.stderr.write(`usage: npm run install-crypto-binding -- <matrix-sdk-crypto-nodejs tarball>  (or set ${TARBALL_SETTING})\n`);
    process.exit(2);
  }
  try {
    installCryptoBinding(path.resolve(tarball));
    process.stdout.write(`End-to-end encryption binding installed from ${tarball}\n`);
  } catch (err) {
    process.stderr.write(`Could not install the end-to-end encryption binding: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
