import type { Feature } from "../../kernel/feature.ts";
import { installWidget } from "./action.ts";

export const widgetInstallFeature: Feature = { name: "widget-install", actions: [installWidget] };
