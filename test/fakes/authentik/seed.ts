import { createHash, randomUUID } from "node:crypto";
import type { Group, User } from "@goauthentik/api";

/** Authentik's `uid`: a SHA-256 over the install's id and the user's pk (the default OIDC subject). */
const uidOf = (installId: string, pk: number) => createHash("sha256").update(`${installId}-${pk}`).digest("hex");

export function makeGroup(name: string, numPk: number): Group {
  return {
    pk: randomUUID(),
    numPk,
    name,
    isSuperuser: false,
    parents: [],
    parentsObj: null,
    users: [],
    usersObj: null,
    attributes: {},
    roles: [],
    rolesObj: [],
    inheritedRolesObj: null,
    children: [],
    childrenObj: null,
  };
}

export type UserSeed = {
  /** Unique per fake instance: suites share one Synapse, which refuses an external id twice. */
  installId: string;
  pk: number;
  username: string;
  name?: string;
  email?: string;
  isActive?: boolean;
  groups?: Group[];
  attributes?: Record<string, unknown>;
  type?: User["type"];
  lastUpdated: Date;
};

export function makeUser(s: UserSeed): User {
  const joined = new Date(Date.UTC(2024, 0, 1) + s.pk * 60_000);
  return {
    pk: s.pk,
    username: s.username,
    name: s.name ?? s.username,
    isActive: s.isActive ?? true,
    lastLogin: null,
    dateJoined: joined,
    isSuperuser: false,
    groups: (s.groups ?? []).map((g) => g.pk),
    groupsObj: (s.groups ?? []).map((g) => ({ pk: g.pk, numPk: g.numPk, name: g.name, isSuperuser: false, attributes: {} })),
    roles: [],
    rolesObj: [],
    email: s.email ?? `${s.username}@example.org`,
    avatar: "data:image/svg+xml;base64,PHN2Zy8+",
    attributes: s.attributes ?? {},
    uid: uidOf(s.installId, s.pk),
    path: "users",
    type: s.type ?? "internal",
    uuid: randomUUID(),
    passwordChangeDate: joined,
    lastUpdated: s.lastUpdated,
  };
}
