import type { SyncStatus } from "../../../shared/sync.ts";
import { formatDateTime } from "../../ui/format.ts";
import { t } from "../../ui/messages.ts";
import { Summary } from "../../ui/summary.tsx";

const when = (iso: string) => formatDateTime(iso);

/** How the sync is set up and what it did last; read from the server, never from Authentik. */
export function SyncStatusCard({ status: s }: { status: SyncStatus }) {
  const run = s.lastRun;
  return (
    <details class="card" data-sync-status>
      <summary>
        <strong>{t("syncStatus")}</strong> <span class="muted">{run ? t("syncLastRunText", { at: when(run.at), scope: run.scope, count: run.changes }) : t("syncNever")}</span>
      </summary>
      <Summary
        rows={[
          { id: "authentik", label: t("syncAuthentik"), value: s.authentikUrl },
          { id: "last-run", label: t("syncLastRun"), value: run ? (run.error ?? t("syncLastRunText", { at: when(run.at), scope: run.scope, count: run.changes })) : t("syncNever"), tone: run?.error ? "critical" : undefined },
          {
            id: "schedule",
            label: t("syncSchedule"),
            value: `${s.intervalMinutes ? t("syncScheduleText", { minutes: s.intervalMinutes, hours: s.fullScanHours }) : t("syncScheduleOff", { hours: s.fullScanHours })} · ${t(s.autoApply ? "syncAutoApply" : "syncAutoApplyOff")}`,
          },
          ...(s.autoApply ? [{ id: "auto-limits", label: t("syncAutoApply"), value: t("syncAutoLimits", { changes: s.autoApplyLimits.changes, deactivations: s.autoApplyLimits.deactivations }) }] : []),
          { id: "policies", label: t("syncPolicies"), value: t("syncPoliciesText", { removal: s.policies.groupRemoval, deactivation: s.policies.deactivation }) },
          { id: "moderator-group", label: t("syncModeratorGroup"), value: s.moderatorGroup ?? t("syncNone") },
          { id: "push", label: t("syncPush"), value: t(s.pushEnabled ? "syncOn" : "syncOff") },
          { id: "scim", label: t("syncScim"), value: t(s.scimEnabled ? "syncOn" : "syncOff") },
        ]}
      />
    </details>
  );
}
