import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AuthentikClient } from "../../../server/kernel/authentik/client.ts";
import { AuthentikError } from "../../../server/kernel/authentik/errors.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";

const clientFor = (fake: FakeAuthentik, o: Partial<{ token: string; timeoutMs: number; pageSize: number; concurrency: number }> = {}) =>
  new AuthentikClient({
    url: fake.url,
    token: o.token ?? fake.token,
    pageSize: o.pageSize ?? 100,
    timeoutMs: o.timeoutMs ?? 5_000,
    concurrency: o.concurrency ?? 1,
    retry: { baseDelayMs: 20 },
  });

async function failure(promise: Promise<unknown>): Promise<AuthentikError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AuthentikError);
    return err as AuthentikError;
  }
  throw new Error("expected a failure");
}

describe("Authentik adapter", () => {
  let fake: FakeAuthentik;
  beforeAll(async () => {
    fake = await FakeAuthentik.start({ users: 2500, groups: ["members", "staff"], groupsOf: (i) => (i % 10 === 0 ? ["members", "staff"] : ["members"]) });
  });
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.clearFaults();
    fake.requests.length = 0;
    fake.maxInFlight = 0;
  });

  it("sees every one of 2,500 users at page size 100, following pagination.next to 0", async () => {
    const read = await clientFor(fake).listUsers();
    expect(read.users).toHaveLength(2500);
    expect(new Set(read.users.map((u) => u.pk)).size).toBe(2500);
    expect(read.pages).toBe(25);
    const lists = fake.userListRequests();
    expect(lists.map((r) => r.query.get("page"))).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
    expect(lists.every((r) => r.query.get("page_size") === "100")).toBe(true);
    expect(read.users.find((u) => u.username === "user10")!.groups).toHaveLength(2);
  });

  it("asks for 500 a page but reads the page size Authentik answered with (its cap is 100)", async () => {
    const read = await clientFor(fake, { pageSize: 500 }).listUsers();
    expect(read).toMatchObject({ pages: 25, pageSize: 100 });
    expect(read.users).toHaveLength(2500);
    expect(fake.userListRequests().every((r) => r.query.get("page_size") === "500")).toBe(true);
  });

  it("reads the first page for the count, then the rest a bounded number at a time", async () => {
    fake.slow(50, { path: /core\/users/ });
    const read = await clientFor(fake, { concurrency: 4 }).listUsers();
    expect(read.users).toHaveLength(2500);
    expect(new Set(read.users.map((u) => u.pk)).size).toBe(2500);
    const lists = fake.userListRequests();
    expect(lists[0]!.query.get("page")).toBe("1");
    expect(lists[0]!.inFlight).toBe(1);
    expect(lists.map((r) => Number(r.query.get("page"))).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(fake.maxInFlight).toBe(4);
  });

  it("holds every parallel reader while Authentik's Retry-After runs, not only the refused one", async () => {
    fake.failNext(429, { path: /core\/users/, retryAfter: "1", times: 1 });
    fake.slow(30, { path: /core\/users/ });
    expect((await clientFor(fake, { concurrency: 4 }).listUsers()).users).toHaveLength(2500);
    // The first request is the refused one: every request after it waits out the second.
    const [refused, ...after] = fake.userListRequests();
    expect(after).toHaveLength(25);
    expect(Math.min(...after.map((r) => r.at)) - refused!.at).toBeGreaterThanOrEqual(950);
  });

  it("follows pagination.next past the counted pages when people are added while it reads", async () => {
    const growing = await FakeAuthentik.start({ users: 250 });
    try {
      growing.slow(300, { path: /core\/users/, page: 2, times: 1 });
      setTimeout(() => {
        for (let i = 0; i < 100; i++) growing.addUser({ username: `late${i}` });
      }, 100);
      const read = await clientFor(growing).listUsers();
      expect(read.users).toHaveLength(350);
      expect(read.pages).toBe(4);
    } finally {
      await growing.stop();
    }
  });

  it("reads groups, and only the users changed after a cursor when Authentik supports the filter", async () => {
    const client = clientFor(fake);
    expect((await client.listGroups()).map((g) => g.name)).toEqual(["members", "staff"]);
    const cursor = fake.users.at(-1)!.lastUpdated.toISOString();
    fake.updateUser("user7", { name: "Seven" });
    expect(await client.supportsUpdatedFilter()).toBe(true);
    const changed = await client.listUsers({ updatedAfter: cursor });
    expect(changed.users.map((u) => u.name)).toEqual(["Seven"]);
    expect(fake.userListRequests().at(-1)!.query.get("ordering")).toBe("last_updated");
  });

  it("notices an older Authentik that ignores last_updated__gt", async () => {
    const old = await FakeAuthentik.start({ users: 3, supportsUpdatedFilter: false });
    try {
      expect(await clientFor(old).supportsUpdatedFilter()).toBe(false);
    } finally {
      await old.stop();
    }
  });

  it("says the token is invalid on 401, and lacks permission on 403", async () => {
    const invalid = await failure(clientFor(fake, { token: "not-the-token-at-all" }).listUsers());
    expect(invalid.message).toContain("Authentik token invalid or lacks permission to read users");
    expect(invalid.upstreamStatus).toBe(401);
    expect(invalid.hint).toContain("AUTHENTIK_TOKEN");
    const limited = await failure(clientFor(fake, { token: fake.limitedToken }).listUsers());
    expect(limited.upstreamStatus).toBe(403);
    expect(limited.code).toBe("authentik_unauthorized");
    expect(fake.userListRequests()).toHaveLength(2);
  });

  it("waits as Retry-After says on 429, then carries on", async () => {
    fake.failNext(429, { path: /core\/users/, retryAfter: "1", times: 1 });
    const started = Date.now();
    const read = await clientFor(fake, { pageSize: 500 }).listUsers();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(read.users).toHaveLength(2500);
    expect(fake.userListRequests()).toHaveLength(26);
  });

  it("backs off and retries on 5xx", async () => {
    fake.failNext(502, { path: /core\/users/, times: 2 });
    expect((await clientFor(fake, { pageSize: 500 }).listUsers()).users).toHaveLength(2500);
    expect(fake.userListRequests()).toHaveLength(27);
  });

  it("gives up on a page that stays too slow, naming it, and gets past one slow answer", async () => {
    fake.slow(1_500, { path: /core\/users/, page: 2 });
    const slow = await failure(clientFor(fake, { pageSize: 500, timeoutMs: 300 }).listUsers());
    expect(slow.code).toBe("authentik_timeout");
    expect(slow.message).toContain("page 2");
    expect(fake.userListRequests().filter((r) => r.query.get("page") === "2")).toHaveLength(2);

    fake.clearFaults();
    fake.slow(1_500, { path: /core\/users/, page: 3, times: 1 });
    expect((await clientFor(fake, { pageSize: 500, timeoutMs: 300 }).listUsers()).users).toHaveLength(2500);
  });

  it("merges into attributes on write-back instead of replacing them", async () => {
    fake.updateUser("user3", { attributes: { team: "blue", settings: { locale: "de" } } });
    const pk = fake.user("user3").pk;
    await clientFor(fake).mergeAttributes(pk, { matrix_id: "@user3:example.org" });
    expect(fake.user("user3").attributes).toEqual({ team: "blue", settings: { locale: "de" }, matrix_id: "@user3:example.org" });
  });
});
