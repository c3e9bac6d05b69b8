import { describe, expect, it } from "vitest";
import { compileGlob, globMatches } from "../../../server/features/policy-lists/glob.ts";
import { rulesFromState, ruleStateKey } from "../../../server/features/policy-lists/rules.ts";
import { RuleIndex } from "../../../server/features/policy-lists/rule-index.ts";
import type { PolicyRule } from "../../../shared/policy-lists.ts";

const rule = (entity: string, kind: PolicyRule["kind"] = "user", source = "!list:a"): PolicyRule => ({ kind, entity, reason: "spam", source, type: `m.policy.rule.${kind}`, stateKey: `rule:${entity}` });

describe("Matrix globs", () => {
  it("treats * as any run (also none), ? as exactly one character, and the rest literally", () => {
    expect(globMatches("@spam*:evil.org", "@spam:evil.org")).toBe(true);
    expect(globMatches("@spam*:evil.org", "@spammer42:evil.org")).toBe(true);
    expect(globMatches("@spam*:evil.org", "@spam:evil.org.uk")).toBe(false);
    expect(globMatches("@spam?:evil.org", "@spam1:evil.org")).toBe(true);
    expect(globMatches("@spam?:evil.org", "@spam:evil.org")).toBe(false);
    expect(globMatches("*.evil.org", "chat.evil.org")).toBe(true);
    expect(globMatches("*.evil.org", "evil.org")).toBe(false);
    expect(globMatches("*", "anything.example")).toBe(true);
  });

  it("never reads regex syntax in a pattern: dots, plus, brackets and slashes are literal", () => {
    expect(globMatches("evil.org", "evilxorg")).toBe(false);
    expect(globMatches("@a+b:x.org", "@a+b:x.org")).toBe(true);
    expect(globMatches("@a+b:x.org", "@aab:x.org")).toBe(false);
    expect(globMatches("@[ab]:x", "@a:x")).toBe(false);
    expect(globMatches("@a/(b)|c:x", "@a/(b)|c:x")).toBe(true);
    expect(compileGlob("a.b").test("a.b\n")).toBe(false);
  });
});

describe("policy rules from room state", () => {
  it("reads ban rules of the stable and the legacy types, and skips emptied rules and other recommendations", () => {
    const events = [
      { type: "m.policy.rule.user", state_key: "rule:@spam*:evil.org", content: { entity: "@spam*:evil.org", recommendation: "m.ban", reason: "spam" } },
      { type: "m.policy.rule.server", state_key: "rule:evil.org", content: { entity: "evil.org", recommendation: "m.ban" } },
      { type: "org.matrix.mjolnir.rule.user", state_key: "x", content: { entity: "@old:x.org", recommendation: "org.matrix.mjolnir.ban", reason: "legacy" } },
      { type: "m.policy.rule.user", state_key: "rule:@gone:x.org", content: {} },
      { type: "m.policy.rule.user", state_key: "rule:@odd:x.org", content: { entity: "@odd:x.org", recommendation: "org.example.mute" } },
      { type: "m.policy.rule.user", state_key: "rule:@num", content: { entity: 5, recommendation: "m.ban" } },
      { type: "m.room.name", state_key: "", content: { name: "Ban list" } },
    ];
    const rules = rulesFromState("!list:a", events);
    expect(rules.map((r) => [r.kind, r.entity, r.reason])).toEqual([
      ["user", "@spam*:evil.org", "spam"],
      ["server", "evil.org", ""],
      ["user", "@old:x.org", "legacy"],
    ]);
    expect(rules[0]).toMatchObject({ source: "!list:a", stateKey: "rule:@spam*:evil.org" });
    expect(ruleStateKey("@a:b")).toBe("rule:@a:b");
  });
});

describe("the rule index", () => {
  it("finds exact, per-server glob and any-server glob rules, and every list's copy of a rule", () => {
    const index = new RuleIndex([
      rule("@troll:x.org"),
      rule("@troll:x.org", "user", "!other:b"),
      rule("@spam*:evil.org"),
      rule("@*bot?:*"),
      rule("evil.org", "server"),
    ]);
    expect(index.matchUser("@troll:x.org").map((r) => r.source)).toEqual(["!list:a", "!other:b"]);
    expect(index.matchUser("@spam99:evil.org").map((r) => r.entity)).toEqual(["@spam*:evil.org"]);
    expect(index.matchUser("@spam99:good.org")).toEqual([]);
    expect(index.matchUser("@mybot1:any.where").map((r) => r.entity)).toEqual(["@*bot?:*"]);
    expect(index.matchUser("@alice:x.org")).toEqual([]);
    expect(index.serverRules.map((r) => r.entity)).toEqual(["evil.org"]);
    expect(index.size).toBe(5);
  });

  it("reports a glob once even when its literal part occurs twice in the user ID", () => {
    const index = new RuleIndex([rule("@*spam*:*"), rule("@*ab:*")]);
    expect(index.matchUser("@spamspam:x.org").map((r) => r.entity)).toEqual(["@*spam*:*"]);
    expect(index.matchUser("@ab:x.org").map((r) => r.entity)).toEqual(["@*ab:*"]);
  });

  it("matches the same as testing every rule one by one, on a mixed rule set", () => {
    const rules = [
      ...Array.from({ length: 200 }, (_, i) => rule(`@user${i}:s${i % 7}.org`)),
      ...Array.from({ length: 50 }, (_, i) => rule(`@sp?m${i}*:s${i % 5}.org`)),
      ...Array.from({ length: 10 }, (_, i) => rule(`@*${i}x:*`)),
    ];
    const index = new RuleIndex(rules);
    const members = Array.from({ length: 600 }, (_, i) => `@${["user", "spam", "spom", "q"][i % 4]}${i % 300}${i % 3 ? "" : "9x"}:s${i % 7}.org`);
    for (const m of members) {
      const naive = rules.filter((r) => globMatches(r.entity, m)).map((r) => r.entity).sort();
      expect(index.matchUser(m).map((r) => r.entity).sort(), m).toEqual(naive);
    }
  });
});
