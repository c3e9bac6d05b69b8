import { describe, expect, it } from "vitest";
import { Confirmations } from "../../../server/kernel/commands/confirmations.ts";

const run = async () => {};

describe("confirmation codes", () => {
  it("are used once, by the moderator who asked, within the time limit", () => {
    let now = 1_000;
    const confirmations = new Confirmations(60_000, () => now);
    const { code } = confirmations.create("@mod:example.org", "!dash ban", run);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    expect(confirmations.take(code, "@other:example.org")).toEqual({ ok: false, reason: expect.stringContaining("Only @mod:example.org") });
    expect(confirmations.take(code.toLowerCase(), "@mod:example.org")).toMatchObject({ ok: true, what: "!dash ban" });
    expect(confirmations.take(code, "@mod:example.org")).toEqual({ ok: false, reason: expect.stringContaining("No command is waiting") });

    const late = confirmations.create("@mod:example.org", "!dash announce", run);
    now += 60_000;
    expect(confirmations.take(late.code, "@mod:example.org")).toEqual({ ok: false, reason: expect.stringContaining("has expired") });
  });
});
