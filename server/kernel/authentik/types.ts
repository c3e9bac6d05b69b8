import type { Group, User } from "@goauthentik/api";

/** The part of an Authentik user the dashboard uses; the rest of the code never sees the wire format. */
export type AuthentikUser = {
  pk: number;
  username: string;
  name: string;
  email: string;
  isActive: boolean;
  /** Group pks (UUIDs). */
  groups: string[];
  attributes: Record<string, unknown>;
  uid: string;
  uuid: string;
  type: string;
  /** ISO timestamp; the incremental sync's cursor. */
  lastUpdated: string;
};

export type AuthentikGroup = { pk: string; name: string };

export function fromApiUser(u: User): AuthentikUser {
  return {
    pk: u.pk,
    username: u.username,
    name: u.name,
    email: u.email ?? "",
    isActive: u.isActive ?? true,
    groups: u.groups ?? [],
    attributes: u.attributes ?? {},
    uid: u.uid,
    uuid: u.uuid,
    type: u.type ?? "internal",
    lastUpdated: u.lastUpdated.toISOString(),
  };
}

export function fromApiGroup(g: Group): AuthentikGroup {
  return { pk: g.pk, name: g.name };
}
