import { useState } from "preact/hooks";
import type { SyncStatus } from "../../../shared/sync.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useLoad } from "../../ui/hooks.ts";
import { t } from "../../ui/messages.ts";
import { ForServerAdmins } from "../../ui/for-admins.tsx";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { TabPanel, Tabs } from "../../ui/tabs.tsx";
import { SyncStatusCard } from "./sync-status.tsx";
import { SyncPlanner } from "./sync-plan.tsx";
import { Mappings } from "./mappings.tsx";
import { Intake } from "./intake.tsx";

type Section = "plan" | "intake" | "mappings";

/** Authentik → Matrix: status and plan/apply, the intake room, and the mappings. No side effects on import, so it can be loaded lazily. */
export function SyncScreen() {
  const { api } = useDashboard();
  const [section, setSection] = useState<Section>("plan");
  const status = useLoad(() => api.request<SyncStatus>("GET", "api/sync/status"), [api]);
  const s = status.data;
  const off = s && !s.configured ? (
    <Note tone="info">
      <p data-sync-off>
        <strong>{t("syncNotConfigured")}</strong>
      </p>
      <p>{t("syncNotConfiguredPlain")}</p>
      <ForServerAdmins>
        <p>{t("syncNotConfiguredBody")}</p>
      </ForServerAdmins>
      <p>{t("syncNotConfiguredIntake")}</p>
    </Note>
  ) : null;
  return (
    <div class="stack" data-screen="sync">
      <Tabs
        label={t("tabSync")}
        idPrefix="sync"
        look="chips"
        current={section}
        onSelect={setSection}
        items={[
          { id: "plan", label: t("syncSectionPlan") },
          { id: "intake", label: t("syncSectionIntake") },
          { id: "mappings", label: t("syncSectionMappings") },
        ]}
      />
      <ProblemNote problem={status.problem} />
      {!s && status.loading ? <p class="muted">{t("loading")}</p> : null}
      <TabPanel idPrefix="sync" id="plan" hidden={section !== "plan"}>
        {off ?? (s ? (
          <div class="stack">
            <SyncStatusCard status={s} />
            <SyncPlanner status={s} onApplied={status.reload} />
          </div>
        ) : null)}
      </TabPanel>
      <TabPanel idPrefix="sync" id="intake" hidden={section !== "intake"}>
        <Intake active={section === "intake"} />
      </TabPanel>
      <TabPanel idPrefix="sync" id="mappings" hidden={section !== "mappings"}>
        {off ?? (s ? <Mappings status={s} onSaved={status.reload} /> : null)}
      </TabPanel>
    </div>
  );
}

export default SyncScreen;
