import { useCallback, useEffect, useState } from "preact/hooks";
import type { CheckResult, HealthReport } from "../../../shared/health.ts";
import type { DashboardApi } from "../../client/api.ts";
import { asProblem } from "../../client/problem.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { CheckItem } from "./check-item.tsx";
import { formatTime } from "../../ui/format.ts";
import { problemWords } from "../../ui/said-words.ts";

type Load = { state: "loading"; report?: HealthReport } | { state: "loaded"; report: HealthReport } | { state: "failed"; message: string };

const attentionFirst = { fail: 0, warn: 1, ok: 2, skipped: 3 } as const;

/** The doctor report: whether the dashboard can do its work, and for each problem, its cause and fix. */
export function HealthPanel({ api }: { api: DashboardApi }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const refresh = useCallback(() => {
    setLoad((previous) => ({ state: "loading", ...(previous.state === "loaded" ? { report: previous.report } : {}) }));
    api.health().then(
      (report) => setLoad({ state: "loaded", report }),
      (err: unknown) => setLoad({ state: "failed", message: problemWords(asProblem(err)).message }),
    );
  }, [api]);
  useEffect(refresh, [refresh]);

  const report = load.state === "failed" ? undefined : load.report;
  return (
    <section class="panel" aria-labelledby="health-title" data-panel="health" aria-busy={load.state === "loading" ? "true" : undefined}>
      <header class="panel-head">
        <h2 id="health-title">{t("healthTitle")}</h2>
        <button type="button" class="button button-secondary button-small" onClick={refresh} disabled={load.state === "loading"}>
          <Icon name="refresh" size={16} />
          {load.state === "loading" ? t("healthChecking") : t("healthCheckAgain")}
        </button>
      </header>
      {load.state === "failed" ? <p class="panel-error" role="alert">{`${t("healthFailedToLoad")} ${load.message}`}</p> : null}
      {report ? <HealthReportView report={report} /> : load.state === "loading" ? <p class="muted">{t("healthLoading")}</p> : null}
    </section>
  );
}

function HealthReportView({ report }: { report: HealthReport }) {
  const checks = [...report.checks].sort((a, b) => attentionFirst[a.status] - attentionFirst[b.status]);
  return (
    <>
      <Verdict report={report} />
      <ul class="checks">
        {checks.map((check) => (
          <CheckItem key={check.id} check={check} />
        ))}
      </ul>
    </>
  );
}

function Verdict({ report }: { report: HealthReport }) {
  const failing = report.checks.filter((c: CheckResult) => c.required && c.status !== "ok").length;
  const toLook = report.checks.filter((c) => c.status === "warn" || c.status === "fail").length;
  const tone = failing > 0 ? "critical" : toLook > 0 ? "warning" : "success";
  const text =
    failing > 0
      ? t(failing === 1 ? "healthFailing" : "healthFailings", { count: failing })
      : toLook > 0
        ? t(toLook === 1 ? "healthWarning" : "healthWarnings", { count: toLook })
        : t("healthAllGood");
  const time = formatTime(report.checkedAt);
  return (
    <div class={`verdict tone-${tone}`} data-verdict={tone}>
      <Icon name={tone === "success" ? "check" : tone === "warning" ? "warning" : "error"} size={18} />
      <span class="verdict-text">{text}</span>
      <span class="verdict-time">{t("healthCheckedAt", { time })}</span>
    </div>
  );
}
