import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { openStore } from "../../../server/kernel/store/db.ts";
import { AuditLog } from "../../../server/kernel/store/audit.ts";
import { defineAction, type ActionContext } from "../../../server/kernel/runtime/define-action.ts";
import { runAction } from "../../../server/kernel/runtime/run-action.ts";
import type { AppContext } from "../../../server/kernel/runtime/app-context.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

/** The runtime with a real store and audit log; the rest of the app is what runAction reads of it. */
const store = openStore(mkdtempSync(path.join(os.tmpdir(), "dash-audit-detail-")));
const audit = new AuditLog(store.db);
const app = { store, audit, moderators: { thresholds: { moderatorPowerLevel: 50, adminPowerLevel: 100 } }, metrics: { actions: { inc: () => undefined } } } as unknown as AppContext;
const ctx = (powerLevel: number): ActionContext => ({ app, actor: { kind: "session", id: "@mod:example.org", userId: "@mod:example.org", powerLevel }, logger: silentLogger() });

/** Like a bridge login step: a typed secret in, a shown code out, and "nothing yet" as a result. */
const step = defineAction({
  name: "bridges.test-step",
  family: "bridges",
  permission: "moderator",
  summary: "A step",
  input: z.strictObject({ fields: z.record(z.string(), z.string()), fail: z.boolean().default(false) }),
  ownNotice: true,
  capabilities: () => ({}),
  async plan(_ctx, input) {
    return input;
  },
  async apply(_ctx, plan) {
    if (plan.fail) throw new Error("the bridge said no");
    return plan.fields.wait ? { waiting: true as const } : { waiting: false as const, code: "SECRET-CODE-42" };
  },
  target: () => "signal",
  auditDetail: { input: (input) => ({ fields: Object.keys(input.fields) }), result: (r) => (r.waiting ? null : { next: "shown" }) },
});

describe("what the audit row of an action keeps (auditDetail)", () => {
  afterAll(() => store.close());
  const rows = () => audit.list({ action: "bridges.test-step" });

  it("keeps the input's field names and the result's summary, never the values typed or the code shown", async () => {
    const done = await runAction(step, ctx(50), { fields: { phone: "+4915112345678" } }, "apply");
    expect(done.auditId).toBeTypeOf("number");
    expect(rows()[0]).toMatchObject({ result: "ok", target: "signal", detail: { fields: ["phone"], next: "shown" } });
    expect(JSON.stringify(rows())).not.toMatch(/4915112345678|SECRET-CODE-42/);
  });

  it("keeps the field names on a failure too, and writes no row for a result that changed nothing", async () => {
    await expect(runAction(step, ctx(50), { fields: { phone: "+4915199999999" }, fail: true }, "apply")).rejects.toThrow("the bridge said no");
    expect(rows()[0]).toMatchObject({ result: "error", detail: { fields: ["phone"], message: "the bridge said no" } });
    const before = rows().length;
    const waiting = await runAction(step, ctx(50), { fields: { wait: "yes" } }, "apply");
    expect(waiting.auditId).toBeUndefined();
    expect(rows()).toHaveLength(before);
    expect(JSON.stringify(rows())).not.toContain("4915199999999");
  });

  it("refuses a caller below the moderators' level before reading the input, and writes nothing", async () => {
    const before = rows().length;
    await expect(runAction(step, ctx(0), { not: "even valid" }, "apply")).rejects.toThrow("bridges.test-step needs power level 50");
    expect(rows()).toHaveLength(before);
  });
});
