import { describe, expect, it } from "vitest";
import { pillsOf, readCommand, splitCommand } from "../../../server/entry/commands/command-text.ts";
import { findCommand } from "../../../server/entry/commands/find-command.ts";
import { commandTable as tableOf } from "../../../server/entry/commands/command-table.ts";
import { features } from "../../../server/features/all.ts";

const commandTable = tableOf(features);
import { rich, code, list, blocks } from "../../../server/kernel/commands/rich-text.ts";

describe("reading a chat command", () => {
  it("splits the first line into words and keeps the next lines as the body", () => {
    expect(splitCommand("!dash announce all\n**Meeting** on Friday\nbring snacks", "!dash")).toEqual({
      words: ["announce", "all"],
      body: "**Meeting** on Friday\nbring snacks",
    });
  });

  it("takes the prefix in any case, as a word of its own, and nothing else", () => {
    expect(splitCommand("!Dash  rooms   general ", "!dash")?.words).toEqual(["rooms", "general"]);
    expect(splitCommand("!dash", "!dash")?.words).toEqual([]);
    expect(splitCommand("!dashboard help", "!dash")).toBeUndefined();
    expect(splitCommand("please !dash help", "!dash")).toBeUndefined();
  });

  it("reads user pills from the HTML, since the plain body shows only display names", () => {
    const content = {
      body: "!dash ban Alice spam",
      format: "org.matrix.custom.html",
      formatted_body: '!dash ban <a href="https://matrix.to/#/%40alice%3Aexample.org">Alice</a> spam &amp; abuse',
    };
    expect(readCommand(content, "!dash")?.words).toEqual(["ban", "@alice:example.org", "spam", "&", "abuse"]);
  });

  it("keeps an announcement's Markdown as typed, even when its first line has a pill", () => {
    const content = {
      body: "!dash announce General\n**Meeting** with Alice",
      format: "org.matrix.custom.html",
      formatted_body: '!dash announce <a href="https://matrix.to/#/#general:example.org">General</a><br><strong>Meeting</strong> with Alice',
    };
    expect(readCommand(content, "!dash")).toEqual({ words: ["announce", "#general:example.org"], body: "**Meeting** with Alice" });
  });

  it("lists each pill with its visible label and the ID it links to", () => {
    const content = {
      body: "!dash ban @alice:example.org",
      format: "org.matrix.custom.html",
      formatted_body: '<mx-reply><a href="https://matrix.to/#/@quoted:example.org">q</a></mx-reply>!dash ban <a href="https://matrix.to/#/%40mallory%3Aexample.org"><b>@alice:example.org</b></a>',
    };
    expect(pillsOf(content)).toEqual([{ label: "@alice:example.org", id: "@mallory:example.org" }]);
    expect(pillsOf({ body: "!dash ban @alice:example.org" })).toEqual([]);
  });

  it("drops an old-style reply fallback quoted above the command", () => {
    expect(readCommand({ body: "> <@bob:example.org> something\n> more\n\n!dash jobs" }, "!dash")).toEqual({ words: ["jobs"], body: "" });
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
    expect(blocks(r, "after").html).toBe(`${r.html}<p>after</p>`);
    expect(r.text).toBe("Room `<b>` by <script>\n\n• a & b");
  });
});
