import { describe, expect, it } from "vitest";
import { identityOf, mxidLocalpartOf, type IdentityRule } from "../../../server/kernel/authentik/identity.ts";
import type { AuthentikUser } from "../../../server/kernel/authentik/types.ts";

const rule: IdentityRule = { matrixIdAttribute: "matrix_id", localpartTemplate: "{username}", subjectMode: "hashed_user_id", synapseAuthProvider: "oidc-authentik" };
const user = (o: Partial<AuthentikUser> = {}): AuthentikUser => ({
  pk: 7,
  username: "alice",
  name: "Alice",
  email: "alice.smith@example.org",
  isActive: true,
  groups: [],
  attributes: {},
  uid: "a".repeat(64),
  uuid: "4b6a7c1e-0000-4000-8000-000000000007",
  type: "internal",
  lastUpdated: "2025-01-01T00:00:00.000Z",
  ...o,
});

describe("identity mapping", () => {
  it("takes the Matrix ID from attributes.matrix_id when it holds one", () => {
    expect(identityOf(user({ attributes: { matrix_id: "@ally:other.org" } }), rule, "example.org")).toEqual({
      ok: true,
      userId: "@ally:other.org",
      source: "attribute",
      externalId: "a".repeat(64),
      local: false,
    });
  });

  it("otherwise builds it from the template on the server name, not the homeserver URL's host", () => {
    const id = identityOf(user(), rule, "example.org");
    expect(id).toMatchObject({ ok: true, userId: "@alice:example.org", source: "template", local: true });
  });

  it("escapes a username the way Synapse's SSO mapping does", () => {
    expect(mxidLocalpartOf("Alice Smith")).toBe("alice=20smith");
    expect(mxidLocalpartOf("_bob")).toBe("=5fbob");
    expect(mxidLocalpartOf("zoë=1")).toBe("zo=c3=ab=3d1");
    expect(mxidLocalpartOf("ok.name-1+x/y")).toBe("ok.name-1+x/y");
  });

  it("fills {pk} and {email_localpart}, and reads nested attributes", () => {
    expect(identityOf(user(), { ...rule, localpartTemplate: "member-{pk}" }, "example.org")).toMatchObject({ userId: "@member-7:example.org" });
    expect(identityOf(user(), { ...rule, localpartTemplate: "{email_localpart}" }, "example.org")).toMatchObject({ userId: "@alice.smith:example.org" });
    expect(identityOf(user({ attributes: { matrix: { id: "@n:example.org" } } }), { ...rule, matrixIdAttribute: "matrix.id" }, "example.org")).toMatchObject({ userId: "@n:example.org" });
  });

  it("refuses an attribute that is not a Matrix ID, with the reason", () => {
    const id = identityOf(user({ attributes: { matrix_id: "alice" } }), rule, "example.org");
    expect(id).toEqual({ ok: false, reason: expect.objectContaining({ code: "sync.identity-attribute-invalid", text: expect.stringContaining('attributes.matrix_id is "alice"') }) });
  });

  it("uses the subject the Authentik OAuth provider sends as the external id", () => {
    expect(identityOf(user(), { ...rule, subjectMode: "user_username" }, "example.org")).toMatchObject({ externalId: "alice" });
    expect(identityOf(user(), { ...rule, subjectMode: "user_id" }, "example.org")).toMatchObject({ externalId: "7" });
  });
});
