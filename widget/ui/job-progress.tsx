import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useArrival } from "./hooks.ts";
import type { ItemState, JobItemView, JobSnapshot, JobState } from "../../shared/jobs.ts";
import { useDashboard } from "../client/dashboard.ts";
import { asProblem, type Problem } from "../client/problem.ts";
import { t } from "./messages.ts";
import { ProblemNote } from "./note.tsx";
import { ResultList } from "./result-card.tsx";
import { JOB_STATES, messageText } from "./said-words.ts";

const problemsFirst: Record<ItemState, number> = { failed: 0, skipped: 1, pending: 2, done: 3 };

export const isFinished = (state: JobState) => state === "done" || state === "failed" || state === "cancelled";

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.round((value / max) * 100) : 100;
  return (
    <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
      <div class="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/**
 * A background job as it runs: live progress from the server's event stream, why it waits (rate
 * limits), a cancel button, and once finished the items that did not simply succeed (or all of them),
 * drawn by the same result list as every other result.
 */
export function JobProgress(props: {
  jobId: string;
  title: string;
  describe?: (key: string) => string;
  showAll?: boolean;
  /** The room an item is about, so the result offers to open it. */
  roomOf?: (key: string) => string | undefined;
  onFinished?: () => void;
  /** What the job is about, shown at the top of its card. */
  children?: ComponentChildren;
}) {
  const { api } = useDashboard();
  // A job card appears where its form was: focus moves to it, so the keyboard is not left on the page.
  const arrival = useArrival<HTMLElement>();
  const [job, setJob] = useState<JobSnapshot>();
  const [items, setItems] = useState<JobItemView[]>();
  const [problem, setProblem] = useState<Problem>();
  const finished = job !== undefined && isFinished(job.state);

  useEffect(() => {
    const stop = new AbortController();
    api.watchJob(props.jobId, setJob, stop.signal).catch((err: unknown) => setProblem(asProblem(err)));
    return () => stop.abort();
  }, [api, props.jobId]);
  useEffect(() => {
    if (!finished) return;
    props.onFinished?.();
    api.request<JobItemView[]>("GET", `api/jobs/${props.jobId}/items`).then(setItems, (err: unknown) => setProblem(asProblem(err)));
  }, [api, props.jobId, finished]);

  const cancel = () => api.request<JobSnapshot>("POST", `api/jobs/${props.jobId}/cancel`).then(setJob, (err: unknown) => setProblem(asProblem(err)));
  const processed = job ? job.done + job.failed + job.skipped : 0;
  const label = (key: string) => props.describe?.(key) ?? key;
  const listed = (items ?? [])
    .filter((item) => props.showAll || item.state !== "done")
    .sort((a, b) => problemsFirst[a.state] - problemsFirst[b.state] || label(a.key).localeCompare(label(b.key)));
  return (
    <section ref={arrival} tabIndex={-1} class="card job" data-job={props.jobId} data-state={job?.state ?? "connecting"} aria-label={props.title}>
      {props.children}
      <div class="job-head">
        <strong aria-live="polite">{job ? t(JOB_STATES[job.state]) : t("jobConnecting")}</strong>
        <span class="muted">{job ? t("jobCount", { processed, total: job.total }) : null}</span>
      </div>
      <ProgressBar value={processed} max={job?.total ?? 0} label={props.title} />
      {job ? (
        <p class="muted">{t("jobTally", { done: job.done, failed: job.failed, skipped: job.skipped })}</p>
      ) : null}
      {job?.message ? <p class="job-message">{messageText(job)}</p> : null}
      <ProblemNote problem={problem} />
      {job && !finished ? (
        <div class="actions">
          <button type="button" class="button button-secondary button-small" onClick={cancel}>
            {t("jobCancel")}
          </button>
        </div>
      ) : null}
      <ResultList items={listed.map((item) => ({ key: String(item.seq), label: label(item.key), state: item.state, message: messageText(item), roomId: props.roomOf?.(item.key) }))} />
    </section>
  );
}
