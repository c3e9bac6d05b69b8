import type { Feature } from "./feature.ts";
import { roomsFeature } from "./rooms/feature.ts";
import { syncFeature } from "./sync/feature.ts";

/** Every feature of the dashboard; main composes them. One line per feature. */
export const features: Feature[] = [roomsFeature, syncFeature];
