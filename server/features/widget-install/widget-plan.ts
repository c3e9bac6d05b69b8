import { isDeepStrictEqual } from "node:util";
import type { StateChange, WidgetContainer } from "../../../shared/widget-install.ts";

export const WIDGET_EVENT = "im.vector.modular.widgets";
export const LAYOUT_EVENT = "io.element.widgets.layout";
/** Element shows at most this many widgets in the top container. */
export const TOP_CONTAINER_LIMIT = 3;

type Content = Record<string, unknown>;
type LayoutEntry = { container?: string; index?: number; width?: number; height?: number };
export type LayoutContent = { widgets?: Record<string, LayoutEntry> } & Content;

export class TopContainerFullError extends Error {
  readonly occupants: string[];
  constructor(occupants: string[]) {
    super(`The top of the room already holds ${occupants.length} widgets (${occupants.join(", ")}); Element shows at most ${TOP_CONTAINER_LIMIT} there.`);
    this.occupants = occupants;
  }
}

export function widgetContent(o: { widgetId: string; url: string; name: string; creatorUserId: string }): Content {
  return { id: o.widgetId, type: "m.custom", url: o.url, name: o.name, data: {}, creatorUserId: o.creatorUserId, waitForIframeLoad: true };
}

const isEmpty = (content: Content | null | undefined) => !content || Object.keys(content).length === 0;

/** What to send as the widget state event: nothing when the room already has exactly this content. */
export function planWidgetEvent(current: Content | null, desired: Content, remove: boolean): { change: StateChange; content: Content } {
  if (remove) return isEmpty(current) ? { change: "none", content: {} } : { change: "remove", content: {} };
  if (isEmpty(current)) return { change: "add", content: desired };
  return isDeepStrictEqual(current, desired) ? { change: "none", content: desired } : { change: "update", content: desired };
}

/**
 * The room layout with the dashboard pinned in `container`, other widgets' entries kept as they
 * are. An existing entry in the right container is left alone so sizes an admin chose survive.
 * `liveWidgetIds` are the room's installed widgets: stale layout entries do not take a top slot.
 */
export function planLayoutEvent(
  current: LayoutContent | null,
  o: { widgetId: string; container: WidgetContainer; remove: boolean; liveWidgetIds: string[] },
): { change: StateChange; content: LayoutContent } {
  const widgets = { ...(current?.widgets ?? {}) };
  const existing = widgets[o.widgetId];
  if (o.remove) {
    if (!existing) return { change: "none", content: current ?? {} };
    delete widgets[o.widgetId];
    return { change: "remove", content: { ...current, widgets } };
  }
  if (existing?.container === o.container) return { change: "none", content: current ?? {} };
  if (o.container === "top") {
    const occupants = Object.entries(widgets)
      .filter(([id, entry]) => id !== o.widgetId && entry.container === "top" && o.liveWidgetIds.includes(id))
      .map(([id]) => id);
    if (occupants.length >= TOP_CONTAINER_LIMIT) throw new TopContainerFullError(occupants);
  }
  widgets[o.widgetId] = o.container === "top" ? { container: "top", index: 0, width: 100, height: 40 } : { container: "right" };
  return { change: existing ? "update" : "add", content: { ...current, widgets } };
}
