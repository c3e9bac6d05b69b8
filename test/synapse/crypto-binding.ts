import { existsSync } from "node:fs";
import path from "node:path";
import { bindingProblem, installCryptoBinding, TARBALL_SETTING } from "../../server/kernel/matrix/install-crypto-binding.ts";
import { projectRoot } from "./install.ts";

/** The binding built for our machines, beside the project (see its README there). */
const VENDORED = path.resolve(projectRoot, "../shared/vendor/matrix-sdk-crypto-nodejs/matrix-org-matrix-sdk-crypto-nodejs-0.4.0.tgz");

/**
 * The suite's encryption tests need the real native binding. `npm install` gets it where the
 * machine can download it; otherwise it comes from the tarball named by the setting or the one
 * vendored beside the project. In CI a missing binding stops the run: those tests are never skipped.
 */
export function ensureCryptoBinding(log: (line: string) => void): void {
  const before = bindingProblem();
  if (!before) return;
  const tarball = process.env[TARBALL_SETTING] ?? (existsSync(VENDORED) ? VENDORED : undefined);
  if (tarball) {
    installCryptoBinding(tarball);
    log(`end-to-end encryption binding installed from ${tarball}`);
    return;
  }
  const why = `the native binding is not usable (${before}), and neither ${TARBALL_SETTING} nor ${VENDORED} names a tarball`;
  if (process.env.CI) throw new Error(`CI runs the end-to-end encryption tests, but ${why}.`);
  log(`WARNING: the end-to-end encryption tests will fail: ${why}.`);
}
