import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaginatedGroupListFromJSON, PaginatedUserListFromJSON, SessionUserFromJSON, UserFromJSON } from "@goauthentik/api";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";

describe("fake Authentik's responses", () => {
  let fake: FakeAuthentik;
  const get = async (path: string) => {
    const res = await fetch(fake.url + path, { headers: { authorization: `Bearer ${fake.token}` } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    fake = await FakeAuthentik.start({ users: 5, groups: ["staff", "members"], groupsOf: (i) => (i === 1 ? ["staff", "members"] : ["members"]) });
    fake.updateUser("user2", { attributes: { matrix_id: "@two:example.org", nested: { a: 1 } } });
  });
  afterAll(() => fake.stop());

  it("are what the official client parses back, field for field (read-only fields included)", async () => {
    const { body } = await get("/api/v3/core/users/?page=1&page_size=10&ordering=pk");
    // The client reads `"last_login": null` (never signed in) as undefined; everything else round-trips.
    const asParsed = (users: typeof fake.users) => users.map((u) => ({ ...u, lastLogin: u.lastLogin ?? undefined }));
    expect(body.results[0].last_login).toBeNull();
    expect(PaginatedUserListFromJSON(body).results).toEqual(asParsed(fake.users));
    expect(body.results[0]).toMatchObject({ pk: 1, uid: expect.stringMatching(/^[0-9a-f]{64}$/), is_active: true, type: "internal" });
    expect(body.results[0].last_updated).toMatch(/Z$/);
    expect(UserFromJSON((await get("/api/v3/core/users/2/")).body)).toEqual(asParsed([fake.user("user2")])[0]);
    expect(PaginatedGroupListFromJSON((await get("/api/v3/core/groups/?page=1")).body).results).toEqual(fake.groups);
    expect(SessionUserFromJSON((await get("/api/v3/core/users/me/")).body).user.username).toBe("dashboard-sync");
  });

  it("page with pagination.next as a page number, 0 on the last page, and no top-level next", async () => {
    const first = (await get("/api/v3/core/users/?page=1&page_size=2")).body;
    expect(Object.keys(first).sort()).toEqual(["autocomplete", "pagination", "results"]);
    expect(first.pagination).toEqual({ next: 2, previous: 0, count: 5, current: 1, total_pages: 3, start_index: 1, end_index: 2 });
    const last = (await get("/api/v3/core/users/?page=3&page_size=2")).body;
    expect(last.pagination).toMatchObject({ next: 0, previous: 2, current: 3, start_index: 5, end_index: 5 });
    expect((await get("/api/v3/core/users/?page=4&page_size=2")).status).toBe(404);
  });

  it("leave groups_obj out when include_groups=false, as Authentik does", async () => {
    const { body } = await get("/api/v3/core/users/?page=1&include_groups=false");
    expect(body.results[0].groups_obj).toBeNull();
    expect(body.results[0].groups).toHaveLength(2);
  });
});
