import {
  ConfigToJSON,
  GroupToJSON,
  PaginationToJSON,
  PartialGroupToJSON,
  RoleToJSON,
  UserSelfToJSON,
  UserToJSON,
  type Config,
  type Group,
  type Pagination,
  type PartialGroup,
  type Role,
  type User,
  type UserSelf,
} from "@goauthentik/api";

/**
 * Authentik's JSON, built from the official client's models. The generated `ToJSON` serializers
 * write request bodies, so they leave out read-only fields (pk, uid, last_updated...); those are
 * added back here in the server's snake_case. `wire.test.ts` proves `FromJSON(wire(x))` equals x.
 */

/** The generated ToJSON functions are typed as returning the model; what they return is wire JSON. */
const json = (value: unknown) => value as Record<string, unknown>;

const roleToWire = (r: Role) => ({ pk: r.pk, ...json(RoleToJSON(r)) });
const partialGroupToWire = (g: PartialGroup) => ({ pk: g.pk, num_pk: g.numPk, ...json(PartialGroupToJSON(g)) });

export function userToWire(u: User) {
  return {
    pk: u.pk,
    ...json(UserToJSON(u)),
    date_joined: u.dateJoined.toISOString(),
    is_superuser: u.isSuperuser,
    groups_obj: u.groupsObj === null ? null : u.groupsObj.map(partialGroupToWire),
    roles_obj: u.rolesObj === null ? null : u.rolesObj.map(roleToWire),
    avatar: u.avatar,
    uid: u.uid,
    uuid: u.uuid,
    password_change_date: u.passwordChangeDate.toISOString(),
    last_updated: u.lastUpdated.toISOString(),
  };
}

export function groupToWire(g: Group) {
  return {
    pk: g.pk,
    num_pk: g.numPk,
    ...json(GroupToJSON(g)),
    parents_obj: g.parentsObj,
    users_obj: g.usersObj,
    roles_obj: g.rolesObj.map(roleToWire),
    inherited_roles_obj: g.inheritedRolesObj === null ? null : g.inheritedRolesObj.map(roleToWire),
    children: g.children,
    children_obj: g.childrenObj,
  };
}

export function userSelfToWire(u: UserSelf) {
  return {
    pk: u.pk,
    ...json(UserSelfToJSON(u)),
    is_active: u.isActive,
    is_superuser: u.isSuperuser,
    is_current: u.isCurrent,
    groups: u.groups,
    roles: u.roles,
    avatar: u.avatar,
    uid: u.uid,
    settings: u.settings,
    system_permissions: u.systemPermissions,
  };
}

export function configToWire(c: Config) {
  const e = c.errorReporting;
  return {
    ...json(ConfigToJSON(c)),
    error_reporting: { enabled: e.enabled, sentry_dsn: e.sentryDsn, environment: e.environment, send_pii: e.sendPii, traces_sample_rate: e.tracesSampleRate },
  };
}

/** Django's paginator as authentik.api.pagination renders it: page numbers, 0 for "none". */
export function paginate<T>(items: T[], page: number, pageSize: number): { pagination: Pagination; results: T[] } | undefined {
  const count = items.length;
  const totalPages = Math.max(1, Math.ceil(count / pageSize));
  if (!Number.isInteger(page) || page < 1 || page > totalPages) return undefined;
  const start = (page - 1) * pageSize;
  const results = items.slice(start, start + pageSize);
  return {
    pagination: {
      next: page < totalPages ? page + 1 : 0,
      previous: page > 1 ? page - 1 : 0,
      count,
      current: page,
      totalPages,
      startIndex: count ? start + 1 : 0,
      endIndex: start + results.length,
    },
    results,
  };
}

export function pageToWire<T>(page: { pagination: Pagination; results: T[] }, toWire: (item: T) => unknown) {
  return { pagination: PaginationToJSON(page.pagination), results: page.results.map(toWire), autocomplete: {} };
}
