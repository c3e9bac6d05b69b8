import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sourceFiles } from "./import-graph.ts";
import { features } from "../../server/features/all.ts";
import { defineAction } from "../../server/kernel/runtime/define-action.ts";
import { z } from "zod";

const featureFiles = () => sourceFiles().filter((f) => f.startsWith("server/features/"));

/**
 * Issue #15: features reach Matrix through the adapter's named operations (server/kernel/matrix/),
 * and an action's plan/apply through the capabilities it declared, not the whole app.
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
});
