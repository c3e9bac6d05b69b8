import { describe, expect, it } from "vitest";
import { features } from "../../server/features/all.ts";
import { actionLabel } from "../../widget/ui/action-words.ts";

describe("actions in moderators' words", () => {
  it("has words for every action the server registers, so the audit log never shows an id or the server's English", () => {
    const names = features.flatMap((f) => (f.actions ?? []).map((a) => a.name));
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name) => actionLabel(name, "\u0000") === "\u0000")).toEqual([]);
  });
});
