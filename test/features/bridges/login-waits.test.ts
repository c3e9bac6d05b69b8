import { describe, expect, it } from "vitest";
import { LoginWaits } from "../../../server/features/bridges/login-waits.ts";
import type { BridgeLoginStep } from "../../../shared/bridges.ts";

const complete: BridgeLoginStep = { type: "complete", loginId: "p1", stepId: "done", instructions: "", userLoginId: "u1", loginName: null };
const qr = (data: string): BridgeLoginStep => ({ type: "display_and_wait", loginId: "p1", stepId: "qr", instructions: "", display: { type: "qr", data, imageUrl: null } });

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

  it("hands a renewed QR code out once, so the next wait asks the bridge for the code after it", async () => {
    const waits = new LoginWaits();
    const codes = ["second", "third"];
    let calls = 0;
    const start = async () => qr(codes[calls++]!);
    expect(await waits.next("k", start, 1_000)).toEqual(qr("second"));
    expect(await waits.next("k", start, 1_000)).toEqual(qr("third"));
    expect(calls).toBe(2);
  });

  it("passes the bridge's failure to every caller that asks for that step", async () => {
    const waits = new LoginWaits();
    const start = () => Promise.reject(new Error("Login timed out"));
    await expect(waits.next("k", start, 1_000)).rejects.toThrow("Login timed out");
    await expect(waits.next("k", start, 1_000)).rejects.toThrow("Login timed out");
  });

  it("forgets a cancelled login's waits", async () => {
    const waits = new LoginWaits();
    let calls = 0;
    const start = () => (calls++, Promise.reject(new Error("Login cancelled")));
    await expect(waits.next("signal\np1\nqr", start, 1_000)).rejects.toThrow();
    waits.forgetLogin("signal\np1\n");
    await expect(waits.next("signal\np1\nqr", start, 1_000)).rejects.toThrow();
    expect(calls).toBe(2);
  });
});
