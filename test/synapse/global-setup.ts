import type { TestProject } from "vitest/node";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Synapse, type SynapseInfo } from "./synapse.ts";
import { scanCaptures } from "../helpers/capture.ts";
import { projectRoot } from "./install.ts";
import { ensureCryptoBinding } from "./crypto-binding.ts";

declare module "vitest" {
  export interface ProvidedContext {
    synapse: SynapseInfo;
  }
}

/** One real Synapse for the whole run; every suite seeds its own community with unique names. */
export default async function setup(project: TestProject) {
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
