import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sourceFiles } from "./import-graph.ts";
import { features } from "../../server/features/all.ts";
import { defineAction } from "../../server/kernel/runtime/define-action.ts";
import { defineJobKind } from "../../server/kernel/runtime/job-kind.ts";
import type { AppContext } from "../../server/kernel/runtime/app-context.ts";
import { defineRoutes } from "../../server/kernel/feature.ts";
import { commandTable } from "../../server/entry/commands/command-table.ts";
import { defineCommand, type CommandSpec } from "../../server/kernel/commands/command-spec.ts";
import { actionCommand } from "../../server/kernel/commands/action-command.ts";
import { rich } from "../../server/kernel/commands/rich-text.ts";
import { Router } from "express";
import { z } from "zod";

const featureFiles = () => sourceFiles().filter((f) => f.startsWith("server/features/"));
const jobKinds = () => features.flatMap((f) => f.jobKinds ?? []);
const chatCommands = () => commandTable(features);
const commandName = (c: CommandSpec) => `command ${c.name.join(" ")}`;

/**
 * A stand-in app whose every part (and every part of a part, and what any of them returns) is a
 * fresh probe: enough for `capabilities(app)` to pick what it wants without a running server.
 */
function probeApp(): AppContext {
  const part = (): unknown => new Proxy(function probe() {}, { get: (_t, key) => (key === "then" ? undefined : part()), apply: () => part(), construct: () => part() as object });
  return new Proxy({}, { get: () => part() }) as AppContext;
}

/**
 * Issue #15: features reach Matrix through the adapter's named operations (server/kernel/matrix/),
 * and an action's plan/apply, a job kind's items and a feature's read routes through the
 * capabilities they declared, not the whole app.
 */
describe("features reach Matrix and the app through narrow interfaces", () => {
  it("no feature file sends a raw request by path or touches the bot's HTTP client", () => {
    const raw = /\.doRequest\s*\(|\bbot\.client\b|\bMatrixHttpClient\b|kernel\/matrix\/matrix-http\.ts/;
    const offenders = featureFiles().filter((f) => raw.test(readFileSync(path.join(repoRoot, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("every action declares its capabilities (defineAction's type asks for them; this catches a cast around it)", () => {
    const wholeApp = features.flatMap((f) => f.actions ?? []).filter((a) => typeof a.capabilities !== "function").map((a) => a.name);
    expect(wholeApp).toEqual([]);
  });

  it("a narrowed action's plan and apply cannot name the app (tsc refuses it)", () => {
    const action = defineAction({
      name: "example.narrow",
      family: "admin",
      permission: "moderator",
      summary: "An example",
      input: z.object({}),
      capabilities: (app) => ({ userId: app.bot.userId }),
      async plan(ctx) {
        // @ts-expect-error: plan sees `caps`, never the whole app
        void ctx.app;
        return { userId: ctx.caps.userId };
      },
      async apply(ctx, plan) {
        // @ts-expect-error: apply sees `caps`, never the whole app
        void ctx.app;
        return plan;
      },
    });
    expect(action.capabilities).toBeTypeOf("function");
  });

  it("every job kind declares its capabilities (defineJobKind's type asks for them; this catches a cast around it)", () => {
    expect(jobKinds().length).toBeGreaterThan(0);
    expect(jobKinds().filter((k) => typeof k.capabilities !== "function").map((k) => k.kind)).toEqual([]);
  });

  it("no action, job kind or feature's routes hand the whole app on as their capabilities or one of them", () => {
    const app = probeApp();
    const whole = [
      ...features.flatMap((f) => f.actions ?? []).map((a) => ({ name: a.name, caps: a.capabilities(app) })),
      ...jobKinds().map((k) => ({ name: k.kind, caps: k.capabilities(app) })),
      ...features.flatMap((f) => (f.routes ? [{ name: `${f.name} routes`, caps: f.routes.capabilities(app) }] : [])),
      ...chatCommands().map((c) => ({ name: commandName(c), caps: c.capabilities(app) })),
    ]
      .filter(({ caps }) => caps === app || Object.values(caps as object).includes(app))
      .map(({ name }) => name);
    expect(whole).toEqual([]);
  });

  it("a job kind's items and finish hook cannot name the app, and a kind without capabilities does not type-check (tsc refuses both)", () => {
    const kind = defineJobKind<null, { room: string }, { userId: string }>({
      kind: "example.narrow",
      concurrency: 1,
      capabilities: (app) => ({ userId: app.bot.userId }),
      async runItem(ctx, _params, item) {
        // @ts-expect-error: an item sees `caps`, never the whole app
        void ctx.app;
        return { state: "done", result: `${ctx.caps.userId} in ${item.data.room}` };
      },
      async onFinished(ctx) {
        // @ts-expect-error: the finish hook sees `caps`, never the whole app
        void ctx.app;
      },
    });
    // @ts-expect-error: there is no whole-app form: a kind must say what it uses
    const undeclared = defineJobKind<null, null>({ kind: "example.whole-app", concurrency: 1, runItem: async () => ({ state: "done" }) });
    expect(kind.capabilities).toBeTypeOf("function");
    expect(undeclared.capabilities).toBeUndefined();
  });

  it("every feature's read routes declare their capabilities (defineRoutes's type asks for them; this catches a cast around it)", () => {
    const routed = features.filter((f) => f.routes);
    expect(routed.length).toBeGreaterThan(0);
    expect(routed.filter((f) => typeof f.routes!.capabilities !== "function" || typeof f.routes!.router !== "function").map((f) => f.name)).toEqual([]);
  });

  it("a feature's router gets its capabilities and who is asking, never the app (tsc refuses it)", () => {
    const routes = defineRoutes({
      capabilities: (app) => ({ userId: () => app.bot.userId }),
      router: (caps, kit) => (guard) => {
        const router = Router();
        router.get("/api/example", guard, (_req, res) => {
          // @ts-expect-error: the kit lends who is asking, not the app
          void kit.caller(res).app;
          res.json({ bot: caps.userId(), who: kit.caller(res).actor.id });
        });
        return router;
      },
    });
    defineRoutes({
      capabilities: () => ({}),
      // @ts-expect-error: the router is handed the capabilities and the kit, no app
      router: (_caps, _kit, app: AppContext) => () => Router().get("/api/example", (_req, res) => void res.json(app.bot.userId)),
    });
    expect(routes.capabilities).toBeTypeOf("function");
  });

  it("every chat command declares its capabilities (CommandSpec's type asks for them; this catches a cast around it)", () => {
    expect(chatCommands().length).toBeGreaterThan(10);
    expect(chatCommands().filter((c) => typeof c.capabilities !== "function").map(commandName)).toEqual([]);
  });

  it("a chat command's handler, parser and wording cannot name the app, and a command without capabilities does not type-check (tsc refuses them)", () => {
    const command = defineCommand({
      name: ["example"],
      usage: "",
      summary: "An example",
      capabilities: (app) => ({ userId: app.bot.userId }),
      async run(ctx) {
        // @ts-expect-error: a handler sees `caps`, never the whole app
        void ctx.app;
        // @ts-expect-error: who sent it comes without the app too
        void ctx.caller.app;
        await ctx.reply(rich`${ctx.caps.userId}`);
      },
    });
    const parsed = actionCommand<{ n: number }, unknown, { serverName: string }>({
      name: ["example", "action"],
      usage: "<word>",
      summary: "An example over an action",
      action: "example.narrow",
      capabilities: (app) => ({ serverName: app.bot.serverName }),
      input(ctx, { words }) {
        // @ts-expect-error: the parser sees its own `caps`, never the whole app
        void ctx.app;
        return { word: `${words[0]}:${ctx.caps.serverName}` };
      },
      describePlan(plan, ctx) {
        // @ts-expect-error: the wording sees its own `caps`, never the whole app
        void ctx.app;
        return rich`${String(plan.n)}`;
      },
    });
    // @ts-expect-error: there is no whole-app form: a command must say what it uses
    const undeclared: CommandSpec = { name: ["example", "whole-app"], usage: "", summary: "No capabilities", run: async () => {} };
    expect(command.capabilities).toBeTypeOf("function");
    expect(parsed.capabilities).toBeTypeOf("function");
    expect(undeclared.capabilities).toBeUndefined();
  });
});
