import type { Feature } from "../../kernel/feature.ts";
import { announce, announceJob } from "./announce.ts";
import { announce as announceCommand } from "./commands.ts";

/** One message posted (and optionally pinned) in many rooms, as a resumable job. */
export const announcementsFeature: Feature = {
  name: "announcements",
  actions: [announce],
  jobKinds: [announceJob],
  commands: [announceCommand],
};
