import { useState } from "preact/hooks";
import type { AuditRow } from "../../client/plans.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { asProblem, type Problem } from "../../client/problem.ts";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { t, type MessageKey } from "../../ui/messages.ts";
import { actionLabel, auditTargetWords, groupedActions } from "../../ui/action-words.ts";
import { formatDate, formatTime } from "../../ui/format.ts";
import { Badge, ProblemNote } from "../../ui/note.tsx";
import { saveFile } from "../../ui/save-file.ts";
import { UserCardToggle } from "../user-card/user-link.tsx";
import { messageText } from "../../ui/said-words.ts";
import type { Said } from "../../../shared/said.ts";

/** The person an entry names (its target), for their user card. */
const userIn = (target: string | null | undefined): string | undefined => /@[^\s:]+:[^\s,]+/.exec(target ?? "")?.[0];

type Filters = { actor: string; action: string; target: string };
const none: Filters = { actor: "", action: "", target: "" };

function query(f: Filters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) if (value.trim()) params.set(key, value.trim());
  return params.toString();
}

const resultWords = { ok: "auditResultOk", error: "auditResultError", partial: "auditResultPartial", planned: "auditResultPlanned" } as const satisfies Record<AuditRow["result"], MessageKey>;

/** The target in words when the server sent its parts (counts, user, room), else as stored. */

/** Why an entry failed, when the action said so. */
const errorOf = (row: AuditRow) => {
  const detail = row.result === "error" ? (row.detail as { message?: string; said?: Said } | undefined) : undefined;
  return detail?.message ? messageText({ message: detail.message, said: detail.said }) : undefined;
};

/** Who did what, when, with which result: filtered here, exported as CSV with the same filters. */
export function AuditScreen({ active }: { active: boolean }) {
  const { api } = useDashboard();
  const [draft, setDraft] = useState(none);
  const [applied, setApplied] = useState(none);
  const [problem, setProblem] = useState<Problem>();
  const rows = useLoad(() => api.request<AuditRow[]>("GET", `api/audit?${query(applied)}`), [api, applied], active);
  const actions = useLoad(() => api.request<Array<{ name: string; summary?: string }>>("GET", "api/actions"), [api], active);
  const summaries = new Map((actions.data ?? []).map((a) => [a.name, a.summary]));
  const exportCsv = () =>
    api.download(`api/audit.csv?${query(applied)}`).then(
      (blob) => saveFile(blob, "dashboard-audit.csv"),
      (err: unknown) => setProblem(asProblem(err)),
    );
  const patch = (p: Partial<Filters>) => setDraft({ ...draft, ...p });

  return (
    <section class="stack" data-view="audit" aria-busy={rows.loading ? "true" : undefined}>
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setApplied(draft))}>
        <TextField label={t("auditActor")} value={draft.actor} set={(actor) => patch({ actor })} placeholder="@mod:example.org" />
        <SelectField label={t("auditAction")} value={draft.action} set={(action) => {
            patch({ action });
            setApplied({ ...draft, action });
          }} options={[["", t("auditAnyAction")]]} groups={groupedActions(actions.data ?? [])} />
        <TextField label={t("auditTarget")} value={draft.target} set={(target) => patch({ target })} />
        <div class="actions">
          <button type="submit" class="button button-secondary button-small">
            {t("auditFilter")}
          </button>
          <button type="button" class="button button-secondary button-small" data-action="export-csv" onClick={exportCsv}>
            <Icon name="download" size={16} />
            {t("auditCsv")}
          </button>
        </div>
      </form>
      <ProblemNote problem={problem ?? rows.problem} />
      {rows.data?.length === 0 ? <p class="muted">{t("auditEmpty")}</p> : null}
      {rows.data?.length ? (
        <table class="table">
          <caption class="visually-hidden">{t("tabAudit")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("auditWhen")}</th>
              <th scope="col">{t("auditWhat")}</th>
              <th scope="col">{t("auditResult")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((row) => (
              <tr key={row.id} data-audit-action={row.action} data-result={row.result}>
                <td title={row.at}>
                  <span>{formatDate(row.at)}</span>
                  <span class="row-sub">{formatTime(row.at)}</span>
                </td>
                <td>
                  <span class="audit-action">{actionLabel(row.action, summaries.get(row.action))}</span>
                  {auditTargetWords(row) ? <span class="row-sub">{auditTargetWords(row)}</span> : null}
                  <span class="row-sub">{row.actor}</span>
                  {userIn(row.target) ? <UserCardToggle userId={userIn(row.target)!} /> : null}
                  {errorOf(row) ? <span class="text-critical">{errorOf(row)}</span> : null}
                </td>
                <td>
                  <Badge tone={row.result === "ok" ? "success" : row.result === "error" ? "critical" : "warning"}>{t(resultWords[row.result])}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
