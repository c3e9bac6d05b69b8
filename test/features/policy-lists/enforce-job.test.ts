import { describe, expect, it } from "vitest";
import { DatabaseSync } from "node:sqlite";
import { enforceJob, enforceItems } from "../../../server/features/policy-lists/enforce-job.ts";
import { readEnforcedBans } from "../../../server/features/policy-lists/enforced-bans.ts";
import { migrate } from "../../../server/kernel/store/db.ts";
import type { EnforcementPlan } from "../../../shared/policy-lists.ts";
import { jobContext } from "../../fakes/own/bot.ts";

/** A fake of our own Matrix adapter: room memberships and ACLs in maps, every write counted. */
function fakeApp() {
  const memberships = new Map<string, string>();
  const acls = new Map<string, { allow?: string[]; deny?: string[]; allow_ip_literals?: boolean }>();
  const writes: string[] = [];
  const db = new DatabaseSync(":memory:");
  migrate(db);
  const bot = {
    serverName: "home.org",
    async membershipOf(room: string, user: string) {
      return memberships.get(`${room}|${user}`) ?? null;
    },
    async banUser(user: string, room: string) {
      writes.push(`ban ${room} ${user}`);
      memberships.set(`${room}|${user}`, "ban");
    },
    async unbanUser(user: string, room: string) {
      writes.push(`unban ${room} ${user}`);
      memberships.set(`${room}|${user}`, "leave");
    },
    async stateContent<T>(room: string) {
      return (acls.get(room) ?? null) as T | null;
    },
    async sendStateEvent(room: string, _type: string, _key: string, content: any) {
      writes.push(`acl ${room} ${content.deny.join(",")}`);
      acls.set(room, content);
      return "$acl";
    },
  };
  const ctx = jobContext({ bot, store: { db } }, "j1");
  return { ctx, memberships, acls, writes, db };
}

const plan: EnforcementPlan = {
  bans: [{ room: "!a", user: "@spam:evil.org", rule: { kind: "user", entity: "@spam*:evil.org", reason: "spam", source: "!list" } }],
  unbans: [],
  acls: [{ room: "!a", add: ["evil.org", "home.*"], remove: [], deny: ["old.net", "evil.org", "home.*"] }],
  protected: [],
  skipped: [],
  rooms: 1,
  rules: 2,
};

describe("the enforcement job's items", () => {
  it("do their change once: an item replayed after a crash finds it done and skips", async () => {
    const { ctx, memberships, acls, writes, db } = fakeApp();
    memberships.set("!a|@spam:evil.org", "join");
    acls.set("!a", { allow: ["*"], deny: ["old.net"] });
    const items = enforceItems(plan).map((item, seq) => ({ ...item, seq, attempts: 0 }));
    for (const item of items) expect((await enforceJob.runItem(ctx, {}, item)).state).toBe("done");
    for (const item of items) expect((await enforceJob.runItem(ctx, {}, { ...item, attempts: 1 })).state).toBe("skipped");
    expect(writes).toEqual(["ban !a @spam:evil.org", "acl !a old.net,evil.org"]);
    expect(readEnforcedBans(db)).toEqual([{ room: "!a", user: "@spam:evil.org", entity: "@spam*:evil.org", source: "!list" }]);
  });

  it("never writes the homeserver's own server into a deny list, whatever the plan says", async () => {
    const { ctx, acls } = fakeApp();
    await enforceJob.runItem(ctx, {}, { seq: 0, key: "acl:!b", attempts: 0, data: { op: "acl", room: "!b", add: ["home.org", "*", "evil.org"], remove: [] } });
    expect(acls.get("!b")).toEqual({ allow: ["*"], allow_ip_literals: true, deny: ["evil.org"] });
  });

  it("lifts a ban and forgets it", async () => {
    const { ctx, memberships, db } = fakeApp();
    memberships.set("!a|@spam:evil.org", "join");
    const [ban] = enforceItems(plan);
    await enforceJob.runItem(ctx, {}, { ...ban!, seq: 0, attempts: 0 });
    const unban = { seq: 1, key: "unban:!a:@spam:evil.org", attempts: 0, data: { op: "unban" as const, room: "!a", user: "@spam:evil.org" } };
    expect((await enforceJob.runItem(ctx, {}, unban)).state).toBe("done");
    expect(memberships.get("!a|@spam:evil.org")).toBe("leave");
    expect(readEnforcedBans(db)).toEqual([]);
    expect((await enforceJob.runItem(ctx, {}, unban)).state).toBe("skipped");
  });
});
