import type { TestProject } from "vitest/node";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Synapse, type SynapseInfo } from "./synapse.ts";
import { scanCaptures } from "../helpers/capture.ts";
import { projectRoot } from "./install.ts";
import { ensureWhatsappBinary } from "./mautrix-whatsapp.ts";
import { ensureCryptoBinding } from "./crypto-binding.ts";

declare module "vitest" {
  export interface ProvidedContext {
    synapse: SynapseInfo;
    /** The real mautrix-whatsapp binary, null when this machine has none (its suites then skip). */
    whatsappBinary: string | null;
  }
}

/** One real Synapse for the whole run; every suite seeds its own community with unique names. */
export default async function setup(project: TestProject) {
  // The bridge suites run against the real bridge wherever it is; CI must never quietly skip them.
  const whatsapp = ensureWhatsappBinary();
  if (whatsapp.path === null) {
    if (process.env.CI === "true") throw new Error(`CI runs the bridge suites against the real mautrix-whatsapp, but ${whatsapp.why}`);
    console.log(`real-bridge suites skipped: ${whatsapp.why}`);
  }
  project.provide("whatsappBinary", whatsapp.path);
  ensureCryptoBinding((line) => console.log(line));
  const captureDir = mkdtempSync(path.join(os.tmpdir(), "dash-capture-"));
  process.env.DASH_CAPTURE_DIR = captureDir;
  const synapse = await Synapse.create({ log: (line) => console.log(`[synapse] ${line}`) });
  await synapse.start();
  project.provide("synapse", synapse.info());
  return async () => {
    await synapse.stop();
    synapse.destroy();
    // The whole run's logs and API answers, and the widget bundle, must hold no secret.
    const bundleDir = path.join(projectRoot, "dist/widget");
    const bundle = readdirSync(bundleDir, { recursive: true, encoding: "utf8" }).map((f) => path.join(bundleDir, f)).filter((f) => /\.(js|html|css)$/.test(f));
    const scan = scanCaptures(captureDir, bundle);
    rmSync(captureDir, { recursive: true, force: true });
    console.log(`secrets scan: ${scan.secrets} secrets checked against ${(scan.bytes / 1e6).toFixed(1)} MB of logs, responses and bundle; ${scan.leaks.length} leaks`);
    if (scan.leaks.length) throw new Error(`secrets leaked:\n${scan.leaks.join("\n")}`);
  };
}
