import { describe, expect, it } from "vitest";
import { messageText, parseCommandText } from "../../server/commands/command-text.ts";
import { findCommand } from "../../server/commands/find-command.ts";
import { commandTable } from "../../server/commands/command-table.ts";
import { rich, code, list, blocks } from "../../server/commands/rich-text.ts";

describe("reading a chat command", () => {
  it("splits the first line into words and keeps the next lines as the body", () => {
    expect(parseCommandText("!dash announce all\n**Meeting** on Friday\nbring snacks", "!dash")).toEqual({
      words: ["announce", "all"],
      body: "**Meeting** on Friday\nbring snacks",
    });
  });

  it("takes the prefix in any case, as a word of its own, and nothing else", () => {
    expect(parseCommandText("!Dash  rooms   general ", "!dash")?.words).toEqual(["rooms", "general"]);
    expect(parseCommandText("!dash", "!dash")?.words).toEqual([]);
    expect(parseCommandText("!dashboard help", "!dash")).toBeUndefined();
    expect(parseCommandText("please !dash help", "!dash")).toBeUndefined();
  });

  it("reads user pills from the HTML, since the plain body shows only display names", () => {
    const content = {
      body: "!dash ban Alice spam",
      format: "org.matrix.custom.html",
      formatted_body: '!dash ban <a href="https://matrix.to/#/%40alice%3Aexample.org">Alice</a> spam &amp; abuse',
    };
    expect(messageText(content)).toBe("!dash ban @alice:example.org spam & abuse");
  });

  it("drops an old-style reply fallback quoted above the command", () => {
    expect(messageText({ body: "> <@bob:example.org> something\n> more\n\n!dash jobs" })).toBe("!dash jobs");
  });

  it("finds the longest command name the words start with", () => {
    expect(findCommand(commandTable, ["room", "create", "community", "Book", "club"])).toMatchObject({
      spec: { name: ["room", "create"] },
      args: ["community", "Book", "club"],
    });
    expect(findCommand(commandTable, ["ROOMS"])?.spec.name).toEqual(["rooms"]);
    expect(findCommand(commandTable, ["room"])).toBeUndefined();
  });
});

describe("rich replies", () => {
  it("escape interpolated text in the HTML and keep a plain fallback", () => {
    const r = blocks(rich`Room ${code("<b>")} by ${"<script>"}`, list(["a & b"]));
    expect(r.html).toBe("<p>Room <code>&#60;b&#62;</code> by &#60;script&#62;</p><ul><li>a &#38; b</li></ul>");
    expect(r.text).toBe("Room `<b>` by <script>\n\n• a & b");
  });
});
