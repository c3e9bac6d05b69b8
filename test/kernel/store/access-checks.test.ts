import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../../server/kernel/store/db.ts";
import { AccessChecks } from "../../../server/kernel/store/access-checks.ts";

describe("the Access check's record of what it last saw", () => {
  it("knows nothing of a room never checked, then the last fingerprint recorded there, per room", () => {
    const store = openStore(mkdtempSync(path.join(os.tmpdir(), "dash-access-checks-")));
    const checks = new AccessChecks(store.db);
    expect(checks.lastFingerprint("!a:hs")).toBeUndefined();
    checks.record("!a:hs", "first", new Date("2026-11-30T10:00:00Z"));
    checks.record("!b:hs", "other");
    expect(checks.lastFingerprint("!a:hs")).toBe("first");
    checks.record("!a:hs", "second", new Date("2026-11-30T11:00:00Z"));
    expect(checks.lastFingerprint("!a:hs")).toBe("second");
    expect(checks.lastFingerprint("!b:hs")).toBe("other");
    store.close();
  });

  it("keeps what it saw across a restart (the next report compares with it)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "dash-access-checks-"));
    const first = openStore(dir);
    new AccessChecks(first.db).record("!a:hs", "seen");
    first.close();
    const again = openStore(dir);
    expect(new AccessChecks(again.db).lastFingerprint("!a:hs")).toBe("seen");
    again.close();
  });
});
