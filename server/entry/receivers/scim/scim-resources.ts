import type { AuthentikUser } from "../../../kernel/authentik/types.ts";
import { GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "./scim-wire.ts";
import type { ScimGroup } from "./scim-group-store.ts";

export const SCIM_PREFIX = "/api/scim/v2";

/** The user as Authentik has it now: nothing of it is stored here. */
export function userResource(u: AuthentikUser, baseUrl: string) {
  return {
    schemas: [USER_SCHEMA],
    id: String(u.pk),
    externalId: u.uid,
    userName: u.username,
    displayName: u.name,
    name: { formatted: u.name },
    active: u.isActive,
    emails: u.email ? [{ value: u.email, primary: true }] : [],
    meta: { resourceType: "User", location: `${baseUrl}${SCIM_PREFIX}/Users/${u.pk}` },
  };
}

export function groupResource(g: ScimGroup, baseUrl: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    displayName: g.displayName,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    members: g.members.map((value) => ({ value, $ref: `${baseUrl}${SCIM_PREFIX}/Users/${value}` })),
    meta: { resourceType: "Group", location: `${baseUrl}${SCIM_PREFIX}/Groups/${g.id}` },
  };
}

export function listResponse<T>(all: T[], startIndex: number) {
  const page = all.slice(startIndex - 1);
  return { schemas: [LIST_SCHEMA], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page };
}

export const serviceProviderConfig = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
  // Authentik adds and removes group members by PATCH only when this says so; otherwise it PUTs whole groups.
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: false, maxResults: 0 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [
    { type: "oauthbearertoken", name: "Bearer token", description: "The AUTHENTIK_SCIM_TOKEN of the dashboard, as the SCIM provider's token", primary: true },
  ],
  meta: { resourceType: "ServiceProviderConfig" },
};
