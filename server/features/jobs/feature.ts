import type { Feature } from "../../kernel/feature.ts";
import { cancelJob } from "./cancel-job.ts";

/** What moderators do with the background jobs every feature starts (reading them is the API's and the commands' own). */
export const jobsFeature: Feature = {
  name: "jobs",
  actions: [cancelJob],
};
