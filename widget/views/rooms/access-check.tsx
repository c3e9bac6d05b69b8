import { useState } from "preact/hooks";
import type { AccessChange, AccessReportEntry } from "../../client/plans.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useCapped } from "../../ui/capped.ts";
import { useAction, useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { JobProgress } from "../../ui/job-progress.tsx";
import type { MessageKey } from "../../ui/messages.ts";
import { Badge, Note, ProblemNote } from "../../ui/note.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { templateNameById } from "../../ui/template-words.ts";
import { ShowAll } from "../../ui/show-all.tsx";
import { levelName, whoMay } from "../../ui/words.ts";
import { t } from "./access-messages.ts";

const settingNames: Record<string, MessageKey> = {
  users_default: "plDefault",
  events_default: "plSend",
  state_default: "plSettings",
  invite: "plInvite",
  kick: "plKick",
  ban: "plBan",
  redact: "plRedact",
};

/** One difference in words, as the fix will undo it. */
function changeText(change: AccessChange): string {
  if (change.kind === "invite-moderator") return t("changeInvite", { user: change.user });
  if (change.kind === "raise-moderator") return t("changeRaise", { user: change.user, from: levelName(change.from), to: levelName(change.to) });
  // New members' level is a level; every other setting says who may do something.
  const words = (level: number | undefined) => (level === undefined ? t("settingNotSet") : change.setting === "users_default" ? levelName(level) : whoMay(level, 0));
  const name = settingNames[change.setting];
  return t("changeSetting", { setting: name ? t(name) : change.setting, to: words(change.to), from: words(change.from) });
}

const roomName = (entry: AccessReportEntry) => entry.name ?? entry.roomId;

/** A room's differences, the first few at once: many rooms stay readable in a narrow sidebar. */
function Changes({ entry }: { entry: AccessReportEntry }) {
  const list = useCapped(entry.changes, 3);
  return (
    <>
      <ul class="access-changes" aria-label={t("accessChanges", { room: roomName(entry) })}>
        {list.shown.map((change, i) => (
          <li key={i} data-change={change.kind}>
            {changeText(change)}
          </li>
        ))}
      </ul>
      <ShowAll list={list} />
    </>
  );
}

/**
 * The access report: rooms that drifted from the moderator list or their template, what differs
 * in words, which changed since the last look, and a fix for all or one as a background job.
 */
export function AccessCheck() {
  const { api } = useDashboard();
  const report = useLoad(() => api.request<AccessReportEntry[]>("GET", "api/rooms/access-report"), [api]);
  const fix = useAction("rooms.fix-access");
  const { step } = fix;
  const entries = report.data ?? [];
  const names = new Map(entries.map((e) => [e.roomId, roomName(e)]));
  // From the click until the job has finished: one fix at a time.
  const [running, setRunning] = useState(false);
  const changed = entries.filter((e) => e.changedSinceLastCheck).length;
  // Like every other change, a fix is previewed first and applied on a second, explicit click.
  const ask = (rooms?: string[]) => void fix.preview(rooms ? { rooms } : {});
  const confirm = async () => {
    setRunning(true);
    if (!(await fix.apply())) setRunning(false);
  };
  const finished = () => {
    setRunning(false);
    report.reload();
  };
  // A finished job's card stays until the next look.
  const checkAgain = () => {
    if (!running) fix.reset();
    report.reload();
  };

  return (
    <section class="stack" data-view="access-check" aria-busy={report.loading ? "true" : undefined}>
      <div class="section-head">
        <p class="muted">{t("accessIntro")}</p>
        <button type="button" class="button button-secondary button-small" onClick={checkAgain} disabled={report.loading}>
          <Icon name="refresh" size={16} />
          {report.loading ? t("accessChecking") : t("accessCheckAgain")}
        </button>
      </div>
      <ProblemNote problem={report.problem ?? step.problem} />
      {fix.shownPlan ? (
        <PreviewCard name="fix-access" title={t("accessConfirmTitle", { count: fix.shownPlan.rooms.length })}>
          <ul class="access-changes" aria-label={t("accessConfirmRooms")}>
            {fix.shownPlan.rooms.map((r) => (
              <li key={r.room} data-fix-room={r.room}>
                {t("accessConfirmRoom", { room: r.name ?? r.room, count: r.changes.length })}
              </li>
            ))}
          </ul>
          <div class="actions">
            <button type="button" class="button button-primary" data-action="confirm-fix" disabled={step.phase === "applying"} onClick={confirm}>
              {t("accessConfirm", { count: fix.shownPlan.changes })}
            </button>
            <button type="button" class="button button-secondary" onClick={fix.reset}>
              {t("cancel")}
            </button>
          </div>
        </PreviewCard>
      ) : null}
      {step.phase === "done" ? (
        <JobProgress key={step.result.jobId} jobId={step.result.jobId} title={t("accessProgress")} describe={(roomId) => names.get(roomId) ?? roomId} roomOf={(roomId) => roomId} onFinished={finished} />
      ) : null}
      {report.data && entries.length === 0 ? (
        <Note tone="success">
          <p data-access-clean>{t("accessClean")}</p>
        </Note>
      ) : null}
      {entries.length ? (
        <>
          <div class="section-head">
            <p aria-live="polite">
              <strong>{t("accessCount", { count: entries.length })}</strong>
              {changed ? <span class="muted"> · {t("accessChangedCount", { count: changed })}</span> : null}
            </p>
            <button type="button" class="button button-primary button-small" data-action="fix-all" disabled={running || step.phase === "planning"} onClick={() => ask()}>
              {t("accessFixAll", { count: entries.length })}
            </button>
          </div>
          <ul class="rows">
            {entries.map((entry) => (
              <li key={entry.roomId} class="row access-entry" data-access-room={entry.roomId}>
                <div class="access-head">
                  <span class="row-text">
                    <span class="row-title">{roomName(entry)}</span>
                    {entry.template ? <span class="row-sub">{t("accessTemplate", { template: templateNameById(entry.template) })}</span> : null}
                  </span>
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    data-action="fix-room"
                    disabled={running || step.phase === "planning"}
                    aria-label={t("accessFixRoomLabel", { room: roomName(entry) })}
                    onClick={() => ask([entry.roomId])}
                  >
                    {t("accessFixRoom")}
                  </button>
                </div>
                {entry.changedSinceLastCheck ? (
                  <div class="badges access-badges">
                    <Badge tone="warning">
                      <span data-badge="changed">{t("accessChanged")}</span>
                    </Badge>
                  </div>
                ) : null}
                <Changes entry={entry} />
              </li>
            ))}
          </ul>
        </>
      ) : report.loading && !report.data ? (
        <p class="muted">{t("loading")}</p>
      ) : null}
    </section>
  );
}
