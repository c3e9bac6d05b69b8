import { z } from "zod";

/** The dashboard's widget id in every moderator room; stable so moderators approve it only once. */
export const DASHBOARD_WIDGET_ID = "community_dashboard";

export const WidgetContainer = z.enum(["top", "right"]);
export type WidgetContainer = z.infer<typeof WidgetContainer>;

/** Input of the `widget.install` action (API, CLI and setup). */
export const WidgetInstallInput = z.strictObject({
  container: WidgetContainer.default("top"),
  remove: z.boolean().default(false),
});
export type WidgetInstallInput = z.infer<typeof WidgetInstallInput>;

export type StateChange = "add" | "update" | "remove" | "none";

export type WidgetInstallPlan = {
  roomId: string;
  widgetId: string;
  url: string;
  widget: { change: StateChange; content: Record<string, unknown> };
  layout: { change: StateChange; content: Record<string, unknown> };
  /** One sentence per change; empty when the room is already as wanted. */
  changes: string[];
  botPowerLevel: number | "creator";
  neededPowerLevel: number;
};
