import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { AuthentikConfig } from "../../kernel/config/config.ts";
import type { AuthentikClient } from "../../kernel/authentik/client.ts";
import type { AuthentikUser } from "../../kernel/authentik/types.ts";
import type { SyncInput, SyncPlan, SyncScope } from "../../../shared/sync.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { desiredUsers, roomsByGroup, type MappingRules } from "./desired-state.ts";
import { readAccounts, readRooms } from "./matrix-state.ts";
import { countByKind, planSync } from "./planner.ts";
import { SyncStore, type Grant, type KnownUser } from "../../kernel/store/sync-store.ts";

/** A plan with what apply needs to record besides performing the changes (callers see only `plan`). */
export type BuiltPlan = {
  plan: SyncPlan;
  adopt: Grant[];
  /** Everyone read from Authentik and mapped: remembered so a later full scan notices deletions. */
  seen: KnownUser[];
  vanished: KnownUser[];
  /** Set when this plan covered every change since the last cursor: apply may move the cursor here. */
  cursorAfter: string | undefined;
  fullScan: boolean;
};

/** The plan as callers see it: the changes, counts and warnings, without the bookkeeping apply records. */
export function publicPlan(built: BuiltPlan): SyncPlan {
  return built.plan;
}

export function requireAuthentik(app: AppContext): { config: AuthentikConfig; client: AuthentikClient } {
  if (!app.config.authentik || !app.authentik) {
    throw ApiError.conflict("Authentik sync is not configured.", "Set AUTHENTIK_URL and AUTHENTIK_TOKEN in .env and restart the dashboard.");
  }
  return { config: app.config.authentik, client: app.authentik };
}

type Read = { users: AuthentikUser[]; pages: number; scope: SyncScope; incremental: boolean; fullScan: boolean; missingPks: number[] };

async function readAuthentik(client: AuthentikClient, input: SyncInput, cursor: string | undefined): Promise<Read> {
  if (input.users?.length || input.pks?.length) {
    const users: AuthentikUser[] = [];
    let pages = 0;
    for (const username of new Set(input.users ?? [])) {
      const read = await client.listUsers({ username });
      users.push(...read.users.filter((u) => u.username === username));
      pages += read.pages;
    }
    const missingPks: number[] = [];
    for (const pk of new Set(input.pks ?? [])) {
      const user = await client.getUser(pk);
      pages++;
      if (user) users.push(user);
      else missingPks.push(pk);
    }
    return { users, pages, scope: "users", incremental: false, fullScan: false, missingPks };
  }
  if (input.scope === "changed" && cursor && (await client.supportsUpdatedFilter())) {
    const read = await client.listUsers({ updatedAfter: cursor });
    return { ...read, scope: "changed", incremental: true, fullScan: false, missingPks: [] };
  }
  // Asked for changes but without a cursor or the filter, everyone was read: say so.
  const read = await client.listUsers();
  return { ...read, scope: "full", incremental: false, fullScan: true, missingPks: [] };
}

/** The rules that turn an Authentik user into rooms and levels; the intake flow uses them too. */
export function mappingRules(app: AppContext, config: AuthentikConfig, store: SyncStore, moderatorRoomId: string, defaultRoom: string | undefined): MappingRules {
  return {
    identity: config,
    serverName: app.bot.serverName,
    writeBack: config.writeBack,
    defaultRoomId: defaultRoom,
    moderatorRoomId,
    moderatorGroup: config.moderatorGroup,
    moderatorLevel: app.config.moderatorPowerLevel,
    groupRooms: store.groupRooms(),
    groupLevels: store.groupLevels(),
  };
}

export async function defaultRoomId(app: AppContext, warnings: string[]): Promise<string | undefined> {
  const alias = app.config.defaultRoomAlias;
  if (!alias) return undefined;
  try {
    return await app.bot.resolveRoom(alias);
  } catch (err) {
    warnings.push(`The default room ${alias} cannot be resolved (${(err as Error).message}): nobody is invited there or welcomed.`);
    return undefined;
  }
}

function managedRoomIds(app: AppContext, rules: MappingRules): string[] {
  const created = [...app.managedRooms.all().keys()];
  const grouped = [...roomsByGroup(rules).values()].flat();
  return [...new Set([rules.moderatorRoomId, ...(rules.defaultRoomId ? [rules.defaultRoomId] : []), ...grouped, ...created])];
}

/** Reads Authentik and Matrix and computes the changes; changes nothing anywhere. */
export async function buildPlan(app: AppContext, input: SyncInput): Promise<BuiltPlan> {
  const { config, client } = requireAuthentik(app);
  const store = app.syncStore;
  const warnings: string[] = [];
  const [read, groups, moderatorRoomId, defaultRoom] = await Promise.all([
    readAuthentik(client, input, store.cursor()),
    client.listGroups(),
    app.moderators.roomId(),
    defaultRoomId(app, warnings),
  ]);
  const rules = mappingRules(app, config, store, moderatorRoomId, defaultRoom);
  const desired = desiredUsers(read.users, groups, rules);
  warnings.push(...desired.warnings);

  const known = store.knownUsers();
  const readPks = new Set(read.users.map((u) => u.pk));
  const missing = new Set(read.missingPks);
  const vanished = read.fullScan ? known.filter((k) => !readPks.has(k.authentikPk)) : known.filter((k) => missing.has(k.authentikPk));

  const roomIds = managedRoomIds(app, rules);
  const [accounts, rooms] = await Promise.all([
    readAccounts(app.bot, [...desired.users.map((u) => u.userId), ...vanished.map((v) => v.userId)]),
    readRooms(app.bot, roomIds),
  ]);
  warnings.push(...rooms.warnings);
  const planned = planSync({
    desired: desired.users,
    vanished,
    matrix: { accounts, rooms: rooms.rooms },
    managedRoomIds: roomIds,
    groupRoomIds: [...new Set([...roomsByGroup(rules).values()].flat())],
    defaultRoomId: defaultRoom,
    welcomed: store.welcomed(),
    grants: store.grants(),
    policy: { groupRemoval: config.groupRemovalPolicy, deactivation: config.deactivationPolicy },
    botUserId: app.bot.userId,
    serverName: app.bot.serverName,
    authProvider: config.synapseAuthProvider,
    writeBackAttribute: config.matrixIdAttribute,
  });
  warnings.push(...planned.warnings);

  const latest = read.users.reduce<string | undefined>((max, u) => (!max || u.lastUpdated > max ? u.lastUpdated : max), undefined);
  return {
    plan: {
      scope: read.scope,
      read: { users: read.users.length, pages: read.pages, groups: groups.length, incremental: read.incremental },
      changes: planned.changes,
      counts: countByKind(planned.changes),
      warnings,
    },
    adopt: planned.adopt,
    seen: desired.users.map((u) => ({ authentikPk: u.authentikPk, userId: u.userId, username: u.username })),
    vanished,
    cursorAfter: read.scope === "users" ? undefined : (latest ?? store.cursor()),
    fullScan: read.fullScan,
  };
}
