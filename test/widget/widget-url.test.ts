import { describe, expect, it } from "vitest";
import { runTemplate } from "matrix-widget-api";
import { readWidgetParams, widgetUrlTemplate } from "../../shared/widget-url.ts";

describe("the widget URL template", () => {
  it("keeps every client variable in the hash, out of server logs", () => {
    const url = new URL(widgetUrlTemplate("https://dash.example.org/base/"));
    expect(url.origin + url.pathname).toBe("https://dash.example.org/base/widget/");
    expect(url.search).toBe("");
    for (const variable of ["$matrix_room_id", "$matrix_user_id", "$matrix_widget_id", "$org.matrix.msc2873.client_theme", "$org.matrix.msc2873.client_language"]) {
      expect(url.hash).toContain(variable);
    }
  });

  it("reads back what a client templated, plus the widgetId and parentUrl Element adds", () => {
    const template = widgetUrlTemplate("https://dash.example.org");
    const templated = new URL(
      runTemplate(template, { id: "w1", creatorUserId: "@bot:example.org", type: "m.custom", url: template }, {
        widgetRoomId: "!room:example.org",
        currentUserId: "@alice:example.org",
        clientTheme: "",
        clientLanguage: "de-AT",
      }),
    );
    templated.searchParams.set("parentUrl", "https://app.element.io/#/room/!room:example.org");
    const params = readWidgetParams(templated.search, templated.hash);
    expect(params).toEqual({
      widgetId: "w1",
      parentUrl: "https://app.element.io/#/room/!room:example.org",
      roomId: "!room:example.org",
      userId: "@alice:example.org",
      theme: "",
      language: "de-AT",
      untemplated: [],
    });
  });

  it("notices placeholders no client replaced", () => {
    const url = new URL(widgetUrlTemplate("https://dash.example.org"));
    const params = readWidgetParams(url.search, url.hash);
    expect(params.untemplated).toEqual(expect.arrayContaining(["widgetId", "roomId", "userId", "theme", "language"]));
  });
});
