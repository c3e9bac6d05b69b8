import type { AuthentikConfig, Config } from "../../kernel/config/config.ts";
import type { AuthentikClient } from "../../kernel/authentik/client.ts";
import type { SyncChangeKind, SyncInput, SyncPlan, SyncScope } from "../../../shared/sync.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { DesiredCollector, roomsByGroup, type MappingRules } from "./desired-state.ts";
import { readAccounts, readRooms } from "./matrix-state.ts";
import { planSyncInto } from "./planner.ts";
import type { SyncStore, KnownUser } from "../../kernel/store/sync-store.ts";
import { SyncPlans } from "../../kernel/store/sync-plans.ts";
import { said, type Said } from "../../../shared/said.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { ModeratorCheck } from "../../kernel/authority/moderator-check.ts";
import type { ManagedRooms } from "../../kernel/store/managed-rooms.ts";
import type { Store } from "../../kernel/store/db.ts";

/**
 * What planning a sync reads: Authentik, the sync's store and the stored plans, the moderator room,
 * Matrix through the bot (its admin API for accounts) and the rooms the dashboard created.
 */
export type SyncPlanCaps = {
  config: Pick<Config, "authentik" | "moderatorPowerLevel" | "defaultRoomAlias">;
  authentik: AuthentikClient | undefined;
  syncStore: SyncStore;
  moderators: Pick<ModeratorCheck, "roomId">;
  bot: Bot;
  managedRooms: Pick<ManagedRooms, "all">;
  store: Pick<Store, "db">;
};

/** Warnings a stored plan lists; beyond them it gives the count (a broken template can warn about everyone). */
const MAX_WARNINGS = 100;

export function requireAuthentik(app: Pick<SyncPlanCaps, "config" | "authentik">): { config: AuthentikConfig; client: AuthentikClient } {
  if (!app.config.authentik || !app.authentik) {
    throw ApiError.conflict("Authentik sync is not configured.", "Set AUTHENTIK_URL and AUTHENTIK_TOKEN in .env and restart the dashboard.").saying("syncNotConfigured");
  }
  return { config: app.config.authentik, client: app.authentik };
}

type Read = { pages: number; pageSize: number; scope: SyncScope; incremental: boolean; fullScan: boolean; missingPks: number[] };

/** Reads the people in scope into the collector, a page at a time. */
async function readAuthentik(client: AuthentikClient, input: SyncInput, cursor: string | undefined, into: DesiredCollector): Promise<Read> {
  if (input.users?.length || input.pks?.length) {
    let pages = 0;
    for (const username of new Set(input.users ?? [])) {
      const read = await client.listUsers({ username });
      into.add(read.users.filter((u) => u.username === username));
      pages += read.pages;
    }
    const missingPks: number[] = [];
    for (const pk of new Set(input.pks ?? [])) {
      const user = await client.getUser(pk);
      pages++;
      if (user) into.add([user]);
      else missingPks.push(pk);
    }
    return { pages, pageSize: 1, scope: "users", incremental: false, fullScan: false, missingPks };
  }
  if (input.scope === "changed" && cursor && (await client.supportsUpdatedFilter())) {
    const read = await client.eachUserPage({ updatedAfter: cursor }, (users) => into.add(users));
    return { ...read, scope: "changed", incremental: true, fullScan: false, missingPks: [] };
  }
  // Asked for changes but without a cursor or the filter, everyone was read: say so.
  const read = await client.eachUserPage({}, (users) => into.add(users));
  return { ...read, scope: "full", incremental: false, fullScan: true, missingPks: [] };
}

/** The rules that turn an Authentik user into rooms and levels; the intake flow uses them too. */
export function mappingRules(app: { bot: Pick<Bot, "serverName">; config: Pick<Config, "moderatorPowerLevel"> }, config: AuthentikConfig, store: SyncStore, moderatorRoomId: string, defaultRoom: string | undefined): MappingRules {
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

export async function defaultRoomId(app: Pick<SyncPlanCaps, "config" | "bot">, warnings: Said[]): Promise<string | undefined> {
  const alias = app.config.defaultRoomAlias;
  if (!alias) return undefined;
  try {
    return await app.bot.resolveRoom(alias);
  } catch (err) {
    const cause = (err as Error).message;
    warnings.push(said("sync.default-room-unresolved", `The default room ${alias} cannot be resolved (${cause}): nobody is invited there or welcomed.`, { alias, cause }));
    return undefined;
  }
}

function managedRoomIds(app: Pick<SyncPlanCaps, "managedRooms">, rules: MappingRules): string[] {
  const created = [...app.managedRooms.all().keys()];
  const grouped = [...roomsByGroup(rules).values()].flat();
  return [...new Set([rules.moderatorRoomId, ...(rules.defaultRoomId ? [rules.defaultRoomId] : []), ...grouped, ...created])];
}

/** What a moderator should look at before applying, in words. */
function attentionOf(counts: Partial<Record<SyncChangeKind, number>>, deactivations: number, lowered: number, total: number, config: AuthentikConfig): Said[] {
  const attention: Said[] = [];
  const s = (n: number) => (n === 1 ? "" : "s");
  if (deactivations) attention.push(said("sync.attention-deactivations", `${deactivations} deactivation${s(deactivations)}: removals or account deactivations of people Authentik deactivated or deleted.`, { count: deactivations }));
  const kicks = (counts.kick ?? 0) - (deactivations - (counts["deactivate-account"] ?? 0));
  if (kicks > 0) attention.push(said("sync.attention-removals", `${kicks} removal${s(kicks)} from group rooms.`, { count: kicks }));
  if (lowered) attention.push(said("sync.attention-lowered", `${lowered} power level${lowered === 1 ? " is" : "s are"} lowered.`, { count: lowered }));
  if (total > config.autoApplyMaxChanges) {
    const text = `${total} changes: more than an automatic sync may apply (AUTHENTIK_AUTO_APPLY_MAX_CHANGES=${config.autoApplyMaxChanges}).`;
    attention.push(said("sync.attention-too-many", text, { count: total, limit: config.autoApplyMaxChanges }));
  }
  return attention;
}

/**
 * Reads Authentik and Matrix, computes the changes and stores them as a plan; changes nothing
 * anywhere else. People are kept as compact records while pages arrive, and the changes go to the
 * store as they are planned: the plan is never one big array or one big answer.
 */
export async function buildPlan(app: SyncPlanCaps, input: SyncInput, actor: string): Promise<SyncPlan> {
  const { config, client } = requireAuthentik(app);
  const store = app.syncStore;
  const warnings: Said[] = [];
  const [groups, moderatorRoomId, defaultRoom] = await Promise.all([client.listGroups(), app.moderators.roomId(), defaultRoomId(app, warnings)]);
  const rules = mappingRules(app, config, store, moderatorRoomId, defaultRoom);
  const collector = new DesiredCollector(groups, rules);
  const read = await readAuthentik(client, input, store.cursor(), collector);
  const desired = collector.finish();
  warnings.push(...desired.warnings);

  const missing = new Set(read.missingPks);
  const vanished: KnownUser[] = store.knownUsers().filter((k) => (read.fullScan ? !collector.has(k.authentikPk) : missing.has(k.authentikPk)));

  const roomIds = managedRoomIds(app, rules);
  const [accounts, rooms] = await Promise.all([
    readAccounts(app.bot, [...desired.users.map((u) => u.userId), ...vanished.map((v) => v.userId)]),
    readRooms(app.bot, roomIds),
  ]);
  warnings.push(...rooms.warnings);
  const planInput = {
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
  };
  const seen = function* () {
    for (const u of desired.users) yield { authentikPk: u.authentikPk, userId: u.userId, username: u.username };
  };
  return new SyncPlans(app.store.db).create({
    actor,
    scope: read.scope,
    seen: seen(),
    write(writer) {
      let lowered = 0;
      const planned = planSyncInto(planInput, (c) => {
        if (c.kind === "set-power-level" && !c.grant) lowered++;
        writer.change(c);
      });
      const all = [...warnings, ...planned.warnings];
      return {
        summary: {
          scope: read.scope,
          read: { users: collector.read, pages: read.pages, pageSize: read.pageSize, groups: groups.length, incremental: read.incremental },
          total: writer.total,
          counts: writer.counts,
          first: writer.first,
          deactivations: planned.deactivations,
          attention: attentionOf(writer.counts, planned.deactivations, lowered, writer.total, config),
          warnings: all.slice(0, MAX_WARNINGS),
          moreWarnings: Math.max(0, all.length - MAX_WARNINGS),
        },
        apply: {
          adopt: planned.adopt,
          vanished,
          cursorAfter: read.scope === "users" ? undefined : (collector.latestUpdate ?? store.cursor()),
          fullScan: read.fullScan,
        },
      };
    },
  });
}
