import type { Feature } from "../kernel/feature.ts";
import { roomsFeature } from "./rooms/feature.ts";
import { moderationFeature } from "./moderation/feature.ts";
import { tokensFeature } from "./tokens/feature.ts";
import { templatesFeature } from "./templates/feature.ts";
import { announcementsFeature } from "./announcements/feature.ts";
import { jobsFeature } from "./jobs/feature.ts";
import { bridgesFeature } from "./bridges/feature.ts";
import { widgetInstallFeature } from "./widget-install/feature.ts";
import { syncFeature } from "./sync/feature.ts";
import { onboardingFeature } from "./onboarding/feature.ts";
import { reportsFeature } from "./reports/feature.ts";
import { userCardFeature } from "./user-card/feature.ts";
import { policyListsFeature } from "./policy-lists/feature.ts";

/** Every feature of the dashboard; main composes them. One line per feature. */
export const features: Feature[] = [
  roomsFeature,
  templatesFeature,
  moderationFeature,
  announcementsFeature,
  syncFeature,
  bridgesFeature,
  tokensFeature,
  widgetInstallFeature,
  onboardingFeature,
  reportsFeature,
  userCardFeature,
  policyListsFeature,
  jobsFeature,
];
