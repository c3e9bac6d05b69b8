import { RoomListQuery } from "../../../shared/rooms.ts";
import { listRooms } from "../../features/rooms/directory.ts";
import { defineCommand, UsageError, usageLine } from "../../kernel/commands/command-spec.ts";
import type { HealthChecks } from "../../kernel/runtime/app-context.ts";
import { findCommand } from "./find-command.ts";
import { blocks, bold, code, list, rich } from "../../kernel/commands/rich-text.ts";

const STATUS_MARK = { ok: "✅", warn: "⚠️", fail: "❌", skipped: "➖" } as const;
const ROOMS_SHOWN = 15;

export const help = defineCommand({
  name: ["help"],
  usage: "[command]",
  summary: "List the commands, or explain one",
  capabilities: () => ({}),
  async run(ctx, { words }) {
    if (words.length) {
      const found = findCommand(ctx.commands, words);
      if (!found) throw new UsageError(`There is no command "${words.join(" ")}".`);
      return void (await ctx.reply(blocks(code(usageLine(ctx.prefix, found.spec)), found.spec.summary)));
    }
    await ctx.reply(
      blocks(
        "Commands for moderators (write them in this room):",
        list(ctx.commands.map((c) => rich`${code(usageLine(ctx.prefix, c))}: ${c.summary}`)),
      ),
    );
  },
});

export const status = defineCommand({
  name: ["status"],
  usage: "",
  summary: "The dashboard's health checks (as `npm run doctor` shows them)",
  capabilities: (app): { health: Pick<HealthChecks, "current"> } => ({ health: app.health }),
  async run(ctx) {
    const report = await ctx.caps.health.current();
    const problems = report.checks.filter((c) => c.status === "warn" || c.status === "fail");
    const passed = report.checks.filter((c) => c.status === "ok").length;
    await ctx.reply(
      blocks(
        rich`${report.ok ? "✅ All required checks pass" : "❌ Some required checks fail"}: ${passed} of ${report.checks.length} checks OK.`,
        problems.length > 0 &&
          list(problems.map((c) => rich`${STATUS_MARK[c.status]} ${bold(c.title)}: ${c.summary}${c.fix ? ` Fix: ${c.fix}` : ""}`)),
        `End-to-end encryption: ${report.capabilities.e2ee ? "available" : "unavailable"}. Bot is a server admin: ${report.capabilities.serverAdmin ? "yes" : "no"}.`,
      ),
    );
  },
});

export const rooms = defineCommand({
  name: ["rooms"],
  usage: "[search]",
  summary: "The rooms the bot is in, optionally only those whose name, alias or ID contains the search",
  capabilities: (app) => ({ listRooms: (query: RoomListQuery) => listRooms(app, query) }),
  async run(ctx, { words }) {
    const search = words.join(" ") || undefined;
    const page = await ctx.caps.listRooms(RoomListQuery.parse({ search, limit: ROOMS_SHOWN }));
    const lines = page.rooms.map((r) => {
      const extra = [r.isSpace && "space", r.encrypted && "encrypted", r.bridge && `bridged to ${r.bridge.protocol}`].filter(Boolean).join(", ");
      return rich`${bold(r.name ?? r.canonicalAlias ?? r.roomId)} ${code(r.canonicalAlias ?? r.roomId)}, ${r.members} members${extra ? `, ${extra}` : ""}`;
    });
    await ctx.reply(
      blocks(
        `${page.total} room${page.total === 1 ? "" : "s"}${search ? ` matching "${search}"` : ""}.`,
        lines.length > 0 && list(lines),
        page.total > lines.length && rich`Showing the first ${lines.length}: narrow it down with ${code(`${ctx.prefix} rooms <search>`)}.`,
      ),
    );
  },
});

export const confirm = defineCommand({
  name: ["confirm"],
  usage: "<code>",
  summary: "Run a command that waits for your confirmation",
  capabilities: () => ({}),
  async run(ctx, { words }) {
    if (words.length !== 1) throw new UsageError("Give the code from the command's reply.");
    const taken = ctx.confirmations.take(words[0]!, ctx.sender);
    if (!taken.ok) return void (await ctx.reply(rich`⛔ ${taken.reason}`));
    ctx.caller.logger.info({ confirmed: taken.what }, "chat command confirmed");
    await taken.run(ctx);
  },
});
