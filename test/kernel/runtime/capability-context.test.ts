import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineAction } from "../../../server/kernel/runtime/define-action.ts";
import { runAction } from "../../../server/kernel/runtime/run-action.ts";
import type { AppContext } from "../../../server/kernel/runtime/app-context.ts";
import { AuditLog } from "../../../server/kernel/store/audit.ts";
import { memoryStore } from "../../fakes/own/rooms.ts";
import { person } from "../../fakes/own/bot.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

/** Just what runAction itself touches of the app: thresholds, settings, audit, metrics. */
function app(): AppContext {
  const store = memoryStore();
  return {
    store,
    audit: new AuditLog(store.db),
    moderators: { thresholds: { moderatorPowerLevel: 50, adminPowerLevel: 100 } },
    metrics: { actions: { inc: () => {} } },
    greeting: "hello",
  } as unknown as AppContext;
}

describe("runAction hands a narrowed action its capabilities only", () => {
  it("plan and apply get the same declared capabilities, no app, and the run is still audited", async () => {
    const seen: object[] = [];
    const action = defineAction({
      name: "example.narrow",
      family: "admin",
      permission: "moderator",
      summary: "An example",
      input: z.strictObject({ who: z.string() }),
      ownNotice: true,
      capabilities: (a) => ({ greeting: (a as unknown as { greeting: string }).greeting }),
      async plan(ctx, input) {
        seen.push(ctx);
        return { text: `${ctx.caps.greeting} ${input.who}` };
      },
      async apply(ctx, plan) {
        seen.push(ctx);
        return plan;
      },
    });
    const whole = app();
    const response = await runAction(action, { app: whole, actor: person("@alice:example.org", 50), logger: silentLogger() }, { who: "Bob" }, "apply");
    expect(response).toMatchObject({ result: { text: "hello Bob" }, auditId: expect.any(Number) });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(Object.keys(seen[0]!).sort()).toEqual(["actor", "caps", "logger", "requestId"]);
    expect(seen[0]).not.toHaveProperty("app");
  });

  it("judges permission before it builds any capability or reads the input", async () => {
    let built = 0;
    const action = defineAction({
      name: "example.admin-only",
      family: "admin",
      permission: "admin",
      summary: "An example",
      input: z.strictObject({}),
      capabilities: () => ({ built: ++built }),
      plan: async () => ({}),
      apply: async () => ({}),
    });
    const refusal = runAction(action, { app: app(), actor: person("@alice:example.org", 50), logger: silentLogger() }, { junk: true }, "plan");
    await expect(refusal).rejects.toMatchObject({ status: 403 });
    expect(built).toBe(0);
  });
});
