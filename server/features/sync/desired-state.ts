import type { AuthentikGroup, AuthentikUser } from "../../kernel/authentik/types.ts";
import { identityOf, type IdentityRule } from "../../kernel/authentik/identity.ts";
import { said, type Said } from "../../../shared/said.ts";

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
  rooms: Array<{ roomId: string; because: Said }>;
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

type GroupSet = Pick<DesiredUser, "groups" | "level" | "levelFrom" | "rooms">;
/** A person left out: service accounts silently (null), others with the reason as a warning. */
type Entry = { user: DesiredUser; updated: number } | { skipped: Said | null; updated: number };

/**
 * Turns Authentik users into the Matrix state they should have, a page at a time: each person is
 * kept as one small record (no attributes, no wire objects), and what a set of groups leads to
 * (names, level, rooms) is worked out once per distinct set and shared by everyone in it.
 */
export class DesiredCollector {
  private readonly rules: MappingRules;
  private readonly groupName: Map<string, string>;
  private readonly rooms: Map<string, string[]>;
  private readonly levels: Map<string, number>;
  private readonly groupSets = new Map<string, GroupSet>();
  private readonly byPk = new Map<number, Entry>();
  private readonly warnings: Said[] = [];
  /** The newest last_updated seen: the next incremental sync's cursor. */
  latestUpdate: string | undefined;

  constructor(groups: AuthentikGroup[], rules: MappingRules) {
    this.rules = rules;
    this.groupName = new Map(groups.map((g) => [g.pk, g.name]));
    this.rooms = roomsByGroup(rules);
    this.levels = levelsByGroup(rules);
    if (groups.length) {
      const known = new Set(groups.map((g) => g.name));
      for (const name of new Set([...this.rooms.keys(), ...this.levels.keys()])) {
        if (!known.has(name)) this.warnings.push(said("sync.group-missing", `The group "${name}" is mapped to rooms or a power level but does not exist in Authentik.`, { group: name }));
      }
    }
  }

  /** How many people were read (service accounts and unmappable people included). */
  get read(): number {
    return this.byPk.size;
  }

  has(pk: number): boolean {
    return this.byPk.has(pk);
  }

  private groupSet(groupPks: string[]): GroupSet {
    const names = groupPks.map((pk) => this.groupName.get(pk)).filter((n): n is string => n !== undefined).sort();
    const key = names.join("\n");
    const cached = this.groupSets.get(key);
    if (cached) return cached;
    let level = 0;
    let levelFrom: string | null = null;
    for (const name of names) {
      const l = this.levels.get(name) ?? 0;
      if (l > level) (level = l), (levelFrom = name);
    }
    const entitled = new Map<string, Said>();
    if (this.rules.defaultRoomId) entitled.set(this.rules.defaultRoomId, said("sync.why-default-room", "the community's default room"));
    for (const name of names) for (const roomId of this.rooms.get(name) ?? []) if (!entitled.has(roomId)) entitled.set(roomId, said("sync.why-member-of", `member of ${name}`, { group: name }));
    const set = { groups: names, level, levelFrom, rooms: [...entitled].map(([roomId, because]) => ({ roomId, because })) };
    this.groupSets.set(key, set);
    return set;
  }

  /** One page of users; a person read twice (edited while paging) keeps the newer copy. */
  add(users: AuthentikUser[]): void {
    for (const user of users) {
      const updated = Date.parse(user.lastUpdated);
      if ((this.byPk.get(user.pk)?.updated ?? -Infinity) > updated) continue;
      if (!this.latestUpdate || user.lastUpdated > this.latestUpdate) this.latestUpdate = user.lastUpdated;
      this.byPk.set(user.pk, this.entryOf(user, updated));
    }
  }

  private entryOf(user: AuthentikUser, updated: number): Entry {
    if (SERVICE_ACCOUNT_TYPES.has(user.type)) return { skipped: null, updated };
    const identity = identityOf(user, this.rules.identity, this.rules.serverName);
    // The widget words the reason's code as a whole sentence (skipped included); chat and CLI read the text.
    if (!identity.ok) return { skipped: { ...identity.reason, text: `${identity.reason.text}: skipped.` }, updated };
    return {
      updated,
      user: {
        authentikPk: user.pk,
        username: user.username,
        userId: identity.userId,
        local: identity.local,
        displayName: user.name.trim() || user.username,
        externalId: identity.externalId,
        active: user.isActive,
        ...this.groupSet(user.groups),
        writeBack: this.rules.writeBack && identity.source === "template",
      },
    };
  }

  /** Everyone in pk order; two people on one Matrix ID: the older account (lower pk) keeps it. */
  finish(): { users: DesiredUser[]; warnings: Said[] } {
    const warnings = [...this.warnings];
    const byUserId = new Map<string, DesiredUser>();
    for (const pk of [...this.byPk.keys()].sort((a, b) => a - b)) {
      const entry = this.byPk.get(pk)!;
      if (!("user" in entry)) {
        if (entry.skipped) warnings.push(entry.skipped);
        continue;
      }
      const taken = byUserId.get(entry.user.userId);
      if (taken) {
        const attribute = `attributes.${this.rules.identity.matrixIdAttribute}`;
        const text = `${entry.user.username} and ${taken.username} both map to ${entry.user.userId}: ${entry.user.username} is skipped; give one of them ${attribute}.`;
        warnings.push(said("sync.identity-taken", text, { username: entry.user.username, other: taken.username, userId: entry.user.userId, attribute }));
        continue;
      }
      byUserId.set(entry.user.userId, entry.user);
    }
    return { users: [...byUserId.values()], warnings };
  }
}

/** The same for users already in hand (the intake flow, tests). */
export function desiredUsers(users: AuthentikUser[], groups: AuthentikGroup[], rules: MappingRules): { users: DesiredUser[]; warnings: Said[] } {
  const collector = new DesiredCollector(groups, rules);
  collector.add(users);
  return collector.finish();
}
