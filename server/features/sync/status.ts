import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { SyncStatus } from "../../../shared/sync.ts";
import { SyncPlans } from "../../kernel/store/sync-plans.ts";

/** Read from the store and what the client already learnt: the status never waits on Authentik. */
export function syncStatus(app: AppContext): SyncStatus {
  const config = app.config.authentik;
  const store = app.syncStore;
  const held = new SyncPlans(app.store.db).waitingHeld();
  return {
    configured: config !== undefined,
    authentikUrl: config?.url ?? null,
    autoApply: config?.autoApply ?? false,
    intervalMinutes: config?.syncIntervalMinutes ?? 0,
    fullScanHours: config?.fullScanHours ?? 0,
    policies: {
      groupRemoval: config?.groupRemovalPolicy ?? "none",
      deactivation: config?.deactivationPolicy ?? "none",
      writeBack: config?.writeBack ?? false,
    },
    moderatorGroup: config?.moderatorGroup ?? null,
    pushEnabled: Boolean(config?.webhookSecret),
    scimEnabled: Boolean(config?.scimToken),
    incrementalSupported: app.authentik?.updatedFilterSupported ?? null,
    cursor: store.cursor() ?? null,
    lastFullScanAt: store.lastFullScanAt() ?? null,
    lastRun: store.lastRun() ?? null,
    groupRooms: Object.fromEntries(store.groupRooms()),
    groupLevels: Object.fromEntries(store.groupLevels()),
    welcomeTemplate: store.welcomeTemplate(),
    adminPowerLevel: app.config.adminPowerLevel,
    heldPlan: held ? { planId: held.planId, createdAt: held.createdAt, total: held.total, heldBecause: held.heldBecause ?? "", ...(held.heldSaid ? { heldSaid: held.heldSaid } : {}) } : null,
    firstApplyDone: store.firstApply() !== undefined,
    autoApplyLimits: { changes: config?.autoApplyMaxChanges ?? 0, deactivations: config?.autoApplyMaxDeactivations ?? 0 },
  };
}
