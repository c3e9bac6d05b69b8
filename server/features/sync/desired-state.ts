import type { AuthentikGroup, AuthentikUser } from "../../kernel/authentik/types.ts";
import { identityOf, type IdentityRule } from "../../kernel/authentik/identity.ts";

/** What Authentik says one person should have on Matrix. */
export type DesiredUser = {
  authentikPk: number;
  username: string;
  userId: string;
  /** On this homeserver: the sync manages the account itself, not only rooms. */
  local: boolean;
  displayName: string;
  externalId: string;
  active: boolean;
  groups: string[];
  /** Highest level a group grants (0: none), and the group that grants it. */
  level: number;
  levelFrom: string | null;
  /** Rooms the person belongs in, the default room first. */
  rooms: Array<{ roomId: string; because: string }>;
  /** The ID came from the template and should be written back to Authentik. */
  writeBack: boolean;
};

export type MappingRules = {
  identity: IdentityRule;
  serverName: string;
  writeBack: boolean;
  defaultRoomId: string | undefined;
  moderatorRoomId: string;
  moderatorGroup: string | undefined;
  moderatorLevel: number;
  groupRooms: Map<string, string[]>;
  groupLevels: Map<string, number>;
};

const SERVICE_ACCOUNT_TYPES = new Set(["service_account", "internal_service_account"]);

/** Rooms each group leads to, with the moderator group leading to the moderator room. */
export function roomsByGroup(rules: MappingRules): Map<string, string[]> {
  const map = new Map(rules.groupRooms);
  if (rules.moderatorGroup) map.set(rules.moderatorGroup, [...new Set([rules.moderatorRoomId, ...(map.get(rules.moderatorGroup) ?? [])])]);
  return map;
}

function levelsByGroup(rules: MappingRules): Map<string, number> {
  const map = new Map(rules.groupLevels);
  if (rules.moderatorGroup) map.set(rules.moderatorGroup, Math.max(rules.moderatorLevel, map.get(rules.moderatorGroup) ?? 0));
  return map;
}

/** Turns Authentik users into the Matrix state they should have; people who cannot be mapped become warnings. */
export function desiredUsers(users: AuthentikUser[], groups: AuthentikGroup[], rules: MappingRules): { users: DesiredUser[]; warnings: string[] } {
  const warnings: string[] = [];
  const groupName = new Map(groups.map((g) => [g.pk, g.name]));
  const rooms = roomsByGroup(rules);
  const levels = levelsByGroup(rules);
  if (groups.length) {
    const known = new Set(groups.map((g) => g.name));
    for (const name of new Set([...rooms.keys(), ...levels.keys()])) {
      if (!known.has(name)) warnings.push(`The group "${name}" is mapped to rooms or a power level but does not exist in Authentik.`);
    }
  }
  const byUserId = new Map<string, DesiredUser>();
  for (const user of [...users].sort((a, b) => a.pk - b.pk)) {
    if (SERVICE_ACCOUNT_TYPES.has(user.type)) continue;
    const identity = identityOf(user, rules.identity, rules.serverName);
    if (!identity.ok) {
      warnings.push(`${identity.reason}: skipped.`);
      continue;
    }
    const taken = byUserId.get(identity.userId);
    if (taken) {
      warnings.push(`${user.username} and ${taken.username} both map to ${identity.userId}: ${user.username} is skipped; give one of them attributes.${rules.identity.matrixIdAttribute}.`);
      continue;
    }
    const names = user.groups.map((pk) => groupName.get(pk)).filter((n): n is string => n !== undefined).sort();
    let level = 0;
    let levelFrom: string | null = null;
    for (const name of names) {
      const l = levels.get(name) ?? 0;
      if (l > level) (level = l), (levelFrom = name);
    }
    const entitled = new Map<string, string>();
    if (rules.defaultRoomId) entitled.set(rules.defaultRoomId, "the community's default room");
    for (const name of names) for (const roomId of rooms.get(name) ?? []) if (!entitled.has(roomId)) entitled.set(roomId, `member of ${name}`);
    byUserId.set(identity.userId, {
      authentikPk: user.pk,
      username: user.username,
      userId: identity.userId,
      local: identity.local,
      displayName: user.name.trim() || user.username,
      externalId: identity.externalId,
      active: user.isActive,
      groups: names,
      level,
      levelFrom,
      rooms: [...entitled].map(([roomId, because]) => ({ roomId, because })),
      writeBack: rules.writeBack && identity.source === "template",
    });
  }
  return { users: [...byUserId.values()], warnings };
}
