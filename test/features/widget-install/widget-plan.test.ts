import { describe, expect, it } from "vitest";
import { planLayoutEvent, planWidgetEvent, TopContainerFullError } from "../../../server/features/widget-install/widget-plan.ts";

const pin = (liveWidgetIds: string[], container: "top" | "right" = "top") => ({ widgetId: "dash", container, remove: false, liveWidgetIds });

describe("widget and layout planning", () => {
  it("adds to an empty room and changes nothing when the content is already there", () => {
    const desired = { id: "dash", url: "u" };
    expect(planWidgetEvent(null, desired, false).change).toBe("add");
    expect(planWidgetEvent({ url: "u", id: "dash" }, desired, false).change).toBe("none");
    expect(planWidgetEvent({ id: "dash", url: "old" }, desired, false).change).toBe("update");
    expect(planWidgetEvent({}, desired, true).change).toBe("none");
  });

  it("refuses a fourth widget in the top container but ignores stale layout entries", () => {
    const layout = { widgets: { a: { container: "top" }, b: { container: "top" }, c: { container: "top" } } };
    expect(() => planLayoutEvent(layout, pin(["a", "b", "c"]))).toThrow(TopContainerFullError);
    expect(planLayoutEvent(layout, pin(["a", "b"])).change).toBe("add");
    expect(planLayoutEvent(layout, pin(["a", "b", "c"], "right")).content.widgets!.dash).toEqual({ container: "right" });
  });

  it("keeps an admin's sizes when the widget is already pinned in that container", () => {
    const layout = { widgets: { dash: { container: "top", index: 2, width: 50, height: 60 } } };
    expect(planLayoutEvent(layout, pin(["dash"]))).toEqual({ change: "none", content: layout });
  });
});
