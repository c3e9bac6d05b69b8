import type { TestProject } from "vitest/node";
import { Synapse, type SynapseInfo } from "./synapse.ts";

declare module "vitest" {
  export interface ProvidedContext {
    synapse: SynapseInfo;
  }
}

/** One real Synapse for the whole run; every suite seeds its own community with unique names. */
export default async function setup(project: TestProject) {
  const synapse = await Synapse.create({ log: (line) => console.log(`[synapse] ${line}`) });
  await synapse.start();
  project.provide("synapse", synapse.info());
  return async () => {
    await synapse.stop();
    synapse.destroy();
  };
}
