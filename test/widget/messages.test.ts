import { describe, expect, it } from "vitest";
import { screenMessages, t } from "../../widget/ui/messages.ts";

describe("the widget's message catalogue", () => {
  it("picks the singular for a count of one and the plural otherwise", () => {
    expect(t("inviteStart", { count: 1 })).toBe("Send 1 invite");
    expect(t("inviteStart", { count: 3 })).toBe("Send 3 invites");
    expect(t("crossConfirmBan", { user: "@x:example.org", count: 1 })).toBe("Ban @x:example.org in 1 room?");
  });

  it("fills variables without reading them as message syntax", () => {
    expect(t("inviteItem", { user: "@a:example.org", room: "{odd|name}" })).toBe("@a:example.org → {odd|name}");
    expect(t("announceMarkdownHint")).toContain("[link](https://…)");
  });

  it("lets a screen bring its own messages, with the shared ones and the same plural and variable rules", () => {
    const screen = screenMessages({ fixRooms: "Fix {count} {room|rooms}", greeting: "Hello {name}" }, { de: { greeting: "Hallo {name}" } });
    expect(screen("fixRooms", { count: 1 })).toBe("Fix 1 room");
    expect(screen("fixRooms", { count: 2 })).toBe("Fix 2 rooms");
    expect(screen("cancel")).toBe(t("cancel"));
    expect(screen("greeting", { name: "Ann" })).toBe("Hello Ann");
  });
});
