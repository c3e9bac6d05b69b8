import { describe, expect, it } from "vitest";
import { LoginWaits } from "../../../server/features/bridges/login-waits.ts";
import type { BridgeLoginStep } from "../../../shared/bridges.ts";

const complete: BridgeLoginStep = { type: "complete", loginId: "p1", stepId: "done", instructions: "", userLoginId: "u1", loginName: null };

describe("login waits that outlive the widget's request", () => {
  it("answers 'still waiting' after its patience, and a later call joins the same bridge call", async () => {
    const waits = new LoginWaits();
    let calls = 0;
    let answer!: (step: BridgeLoginStep) => void;
    const start = () => (calls++, new Promise<BridgeLoginStep>((resolve) => (answer = resolve)));
    expect(await waits.next("k", start, 20)).toBeNull();
    const second = waits.next("k", start, 1_000);
    answer(complete);
    expect(await second).toBe(complete);
    expect(await waits.next("k", start, 20)).toBe(complete);
    expect(calls).toBe(1);
  });

  it("passes the bridge's failure to every caller that asks for that step", async () => {
    const waits = new LoginWaits();
    const start = () => Promise.reject(new Error("Login timed out"));
    await expect(waits.next("k", start, 1_000)).rejects.toThrow("Login timed out");
    await expect(waits.next("k", start, 1_000)).rejects.toThrow("Login timed out");
  });
});
