import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mayKick } from "../../server/features/rooms/guardrails.ts";
import { refusalText } from "../../widget/ui/refusal-words.ts";

const guardrails = readFileSync(path.join(import.meta.dirname, "../../server/features/rooms/guardrails.ts"), "utf8");

describe("guardrail refusals in words", () => {
  it("word every code the guardrails send (the English the same as the server's)", () => {
    const codes = [...guardrails.matchAll(/"(refuse\w+)"/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThanOrEqual(12);
    for (const code of codes) expect(refusalText({ reason: "", code, params: {} }), code).not.toBe("");
    const refusal = mayKick({ actorLevel: 50, targetModeratorRoomLevel: 50, targetRoomLevel: 0, botLevel: 100, powerLevels: null });
    expect(refusal.ok).toBe(false);
    if (!refusal.ok) expect(refusalText(refusal)).toBe(refusal.reason);
  });
});
