import { describe, expect, it } from "vitest";
import { planEnforcement, planUndo, type RoomFacts, type PlanContext } from "../../../server/features/policy-lists/enforcement-plan.ts";
import { RuleIndex } from "../../../server/features/policy-lists/rule-index.ts";
import type { PolicyRule } from "../../../shared/policy-lists.ts";
import { said } from "../../../shared/said.ts";

const rule = (entity: string, kind: PolicyRule["kind"] = "user", source = "!list:a"): PolicyRule => ({ kind, entity, reason: "spam wave", source, type: `m.policy.rule.${kind}`, stateKey: `rule:${entity}` });
const room = (roomId: string, members: Array<[string, string]>, extra: Partial<RoomFacts> = {}): RoomFacts => ({
  roomId,
  members: members.map(([userId, membership]) => ({ userId, membership })),
  acl: null,
  cannotBan: null,
  cannotAcl: null,
  ...extra,
});
const ctx: PlanContext = {
  ownServer: "home.org",
  protectedUser: (u) =>
    u === "@bot:home.org" ? said("banlist.protected-bot", "the dashboard's bot") : u.startsWith("@signal_") ? said("banlist.protected-puppet", "a Signal bridge puppet", { bridge: "Signal" }) : null,
};

describe("the enforcement plan", () => {
  it("lists every matched member of every room with the rule that matched, and leaves bans already in place", () => {
    const index = new RuleIndex([rule("@spam*:evil.org"), rule("@troll:x.org", "user", "!other:b")]);
    const rooms = [
      room("!a", [["@spam1:evil.org", "join"], ["@alice:home.org", "join"], ["@troll:x.org", "invite"]]),
      room("!b", [["@spam1:evil.org", "ban"], ["@spam2:evil.org", "knock"]]),
      room("!c", [["@spam1:evil.org", "leave"]]),
    ];
    const plan = planEnforcement(rooms, index, ctx);
    expect(plan.bans.map((b) => [b.room, b.user, b.rule.entity, b.rule.source])).toEqual([
      ["!a", "@spam1:evil.org", "@spam*:evil.org", "!list:a"],
      ["!a", "@troll:x.org", "@troll:x.org", "!other:b"],
      ["!b", "@spam2:evil.org", "@spam*:evil.org", "!list:a"],
    ]);
    expect(plan).toMatchObject({ rooms: 3, rules: 2, acls: [], skipped: [], protected: [] });
  });

  it("never bans the bot or a bridge puppet, and says so", () => {
    const index = new RuleIndex([rule("@*:home.org")]);
    const plan = planEnforcement([room("!a", [["@bot:home.org", "join"], ["@signal_123:home.org", "join"], ["@eve:home.org", "join"]])], index, ctx);
    expect(plan.bans.map((b) => b.user)).toEqual(["@eve:home.org"]);
    expect(plan.protected).toEqual([
      { entity: "@bot:home.org", reason: { code: "banlist.protected-bot", text: "the dashboard's bot" }, room: "!a" },
      { entity: "@signal_123:home.org", reason: { code: "banlist.protected-puppet", params: { bridge: "Signal" }, text: "a Signal bridge puppet" }, room: "!a" },
    ]);
  });

  it("turns server rules into each room's ACL change, keeping what the ACL denies already, never the own server", () => {
    const index = new RuleIndex([rule("evil.org", "server"), rule("*.spam.net", "server"), rule("home.*", "server"), rule("*", "server")]);
    const rooms = [room("!a", []), room("!b", [], { acl: { allow: ["*"], deny: ["old.net", "evil.org"] } }), room("!c", [], { acl: { deny: ["evil.org", "*.spam.net"] } })];
    const plan = planEnforcement(rooms, index, ctx);
    expect(plan.acls).toEqual([
      { room: "!a", add: ["evil.org", "*.spam.net"], remove: [], deny: ["evil.org", "*.spam.net"] },
      { room: "!b", add: ["*.spam.net"], remove: [], deny: ["old.net", "evil.org", "*.spam.net"] },
    ]);
    expect(plan.protected.map((p) => p.entity)).toEqual(["home.*", "*"]);
    for (const acl of plan.acls) expect(acl.deny).not.toContain("home.org");
  });

  it("skips rooms where the bot lacks the level, naming why", () => {
    const index = new RuleIndex([rule("@spam:evil.org"), rule("evil.org", "server")]);
    const plan = planEnforcement([room("!a", [["@spam:evil.org", "join"]], { cannotBan: said("banlist.cannot-ban", "the bot cannot ban here", { level: 0, needed: 50 }), cannotAcl: said("banlist.cannot-acl", "the bot cannot change the server ACL here", { level: 0, needed: 100 }) })], index, ctx);
    expect(plan.bans).toEqual([]);
    expect(plan.acls).toEqual([]);
    expect(plan.skipped.map((s) => s.reason.code)).toEqual(["banlist.cannot-ban", "banlist.cannot-acl"]);
  });

  it("offers back the bans the lists caused once their rule is gone from every list, and only those", () => {
    const enforced = [
      { room: "!a", user: "@gone:evil.org", entity: "@gone:evil.org", source: "!other:b" },
      { room: "!a", user: "@still:evil.org", entity: "@still:evil.org", source: "!other:b" },
      { room: "!a", user: "@left:evil.org", entity: "@left:evil.org", source: "!other:b" },
    ];
    const rooms = [room("!a", [["@gone:evil.org", "ban"], ["@still:evil.org", "ban"], ["@left:evil.org", "join"], ["@manual:x.org", "ban"]])];
    const plan = planEnforcement(rooms, new RuleIndex([rule("@still:evil.org")]), ctx, enforced);
    expect(plan.unbans).toEqual([{ room: "!a", user: "@gone:evil.org", rule: { entity: "@gone:evil.org", source: "!other:b" } }]);
  });

  it("is empty once applied", () => {
    const index = new RuleIndex([rule("@spam:evil.org"), rule("evil.org", "server")]);
    const plan = planEnforcement([room("!a", [["@spam:evil.org", "ban"]], { acl: { allow: ["*"], deny: ["evil.org"] } })], index, ctx);
    expect(plan.bans.length + plan.acls.length).toBe(0);
  });
});

describe("undoing a removed rule", () => {
  it("offers the unbans of users only that rule matched", () => {
    const removed = rule("@spam*:evil.org");
    const remaining = new RuleIndex([rule("@spam2:evil.org", "user", "!other:b")]);
    const rooms = [room("!a", [["@spam1:evil.org", "ban"], ["@spam2:evil.org", "ban"], ["@spam3:evil.org", "join"], ["@bob:x.org", "ban"]]), room("!b", [["@spam1:evil.org", "ban"]])];
    const plan = planUndo(removed, rooms, remaining);
    expect(plan.unbans).toEqual([
      { room: "!a", user: "@spam1:evil.org" },
      { room: "!b", user: "@spam1:evil.org" },
    ]);
  });

  it("offers taking a server out of each ACL, unless another list still names it", () => {
    const rooms = [room("!a", [], { acl: { deny: ["evil.org", "old.net"] } }), room("!b", [], { acl: { deny: ["old.net"] } })];
    expect(planUndo(rule("evil.org", "server"), rooms, new RuleIndex([])).acls).toEqual([{ room: "!a", add: [], remove: ["evil.org"], deny: ["old.net"] }]);
    expect(planUndo(rule("evil.org", "server"), rooms, new RuleIndex([rule("evil.org", "server", "!other:b")])).acls).toEqual([]);
  });
});
