import type { Config } from "../config/config.ts";
import type { Bot } from "../matrix/bot.ts";
import type { Store } from "../store/db.ts";
import type { AuditLog } from "../store/audit.ts";
import type { SessionTokens } from "../authority/sessions.ts";
import type { ModeratorCheck } from "../authority/moderator-check.ts";
import type { HealthReport } from "../../../shared/health.ts";
import type { BridgeHealth, RoomSummary } from "../../../shared/rooms.ts";
import type { StateEvent } from "../matrix/room-state.ts";
import type { SecretScrubber } from "../log/log.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Action } from "./define-action.ts";
import type { TemplateStore } from "../store/template-store.ts";
import type { ManagedRooms } from "../store/managed-rooms.ts";
import type { SyncStore } from "../store/sync-store.ts";
import type { RoomIndex } from "../matrix/room-index.ts";
import type { ApiTokens } from "../authority/api-tokens.ts";
import type { Metrics } from "../log/metrics.ts";
import type { AuthentikClient } from "../authentik/client.ts";
import type { BanListMatch } from "../../../shared/reports.ts";

/** The doctor's checks as the running server keeps them: cached, re-run after a change that may fix one. */
export type HealthChecks = { current(): Promise<HealthReport>; invalidate(): void };

/**
 * How the bridges feature adds each room's bridge health to what the rooms feature shows, without
 * the rooms feature knowing about bridges (absent when no feature offers it).
 */
export type BridgeHealthReader = {
  addToPage(app: AppContext, page: RoomSummary[]): Promise<void>;
  forRoom(app: AppContext, roomId: string, state: StateEvent[]): BridgeHealth | null;
};

/**
 * How the ban-list feature tells the reports inbox and the user card which policy rules match a
 * person, without those features knowing about ban lists (absent when no feature offers it).
 */
export type BanListReader = {
  matchesFor(app: AppContext, userId: string): Promise<BanListMatch[]>;
};

/** Everything a route or an action may use, built once by features/create-app-context.ts; nobody changes it afterwards. */
export type AppContext = {
  config: Config;
  bot: Bot;
  store: Store;
  audit: AuditLog;
  sessions: SessionTokens;
  moderators: ModeratorCheck;
  apiTokens: ApiTokens;
  health: HealthChecks;
  scrubber: SecretScrubber;
  jobs: JobRunner<AppContext>;
  metrics: Metrics;
  templates: TemplateStore;
  /** Rooms the dashboard created, and their templates. */
  managedRooms: ManagedRooms;
  /** The Authentik sync's mappings, known users, grants and runs. */
  syncStore: SyncStore;
  rooms: RoomIndex;
  /** Present when AUTHENTIK_URL and AUTHENTIK_TOKEN are set. */
  authentik: AuthentikClient | undefined;
  actions: Map<string, Action>;
  bridgeHealth?: BridgeHealthReader;
  banLists?: BanListReader;
};
