import { describe, expect, it } from "vitest";
import { authentikIdentity } from "../../../server/features/user-card/user-card.ts";
import type { AppContext } from "../../../server/kernel/runtime/app-context.ts";
import type { AuthentikUser } from "../../../server/kernel/authentik/types.ts";

const alice: AuthentikUser = {
  pk: 7,
  username: "alice",
  name: "Alice Liddell",
  email: "alice@example.org",
  isActive: false,
  groups: ["g-1", "g-gone"],
  attributes: {},
  uid: "u",
  uuid: "uu",
  type: "internal",
  lastUpdated: "2026-01-01T00:00:00Z",
};

/** Fakes of our own adapters: the sync's store of known people and the Authentik client. */
function app(o: { configured: boolean; known?: Array<{ authentikPk: number; userId: string; username: string }>; user?: AuthentikUser }) {
  return {
    authentik: o.configured ? { getUser: async (pk: number) => (o.user?.pk === pk ? o.user : undefined), listGroups: async () => [{ pk: "g-1", name: "Organisers" }] } : undefined,
    syncStore: { knownUsers: () => o.known ?? [] },
  } as unknown as AppContext;
}

describe("the user card's Authentik identity", () => {
  it("says Authentik is not configured", async () => {
    expect(await authentikIdentity(app({ configured: false }), "@alice:x")).toEqual({ configured: false });
  });

  it("shows the account the sync maps to the Matrix ID, with group names and whether it is active", async () => {
    const identity = await authentikIdentity(app({ configured: true, known: [{ authentikPk: 7, userId: "@alice:x", username: "alice" }], user: alice }), "@alice:x");
    expect(identity).toEqual({ configured: true, found: true, pk: 7, username: "alice", name: "Alice Liddell", active: false, groups: ["Organisers", "g-gone"] });
    expect(JSON.stringify(identity)).not.toContain("alice@example.org");
  });

  it("says when no known account maps to the person, or the account is gone", async () => {
    expect(await authentikIdentity(app({ configured: true }), "@bob:x")).toMatchObject({ found: false, note: expect.stringContaining("No Authentik account") });
    expect(await authentikIdentity(app({ configured: true, known: [{ authentikPk: 9, userId: "@bob:x", username: "bob" }] }), "@bob:x")).toMatchObject({ found: false, note: expect.stringContaining("no longer exists") });
  });
});
