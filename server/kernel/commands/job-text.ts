import type { JobItemView, JobSnapshot } from "../../../shared/jobs.ts";
import { blocks, bold, code, firstOf, list, rich, type Rich } from "./rich-text.ts";

const MARK: Record<JobSnapshot["state"], string> = { queued: "⏳", running: "⏳", waiting: "⏸", done: "✅", failed: "❌", cancelled: "⏹" };

export const shortJobId = (id: string) => id.slice(0, 8);

export function isFinished(job: JobSnapshot): boolean {
  return job.state === "done" || job.state === "failed" || job.state === "cancelled";
}

/** `label` names what the job does when its kind is generic (moderation.cross-room runs ban and kick). */
export function jobLine(job: JobSnapshot, label = job.kind): Rich {
  const counts = `${job.done}/${job.total} done${job.failed ? `, ${job.failed} failed` : ""}${job.skipped ? `, ${job.skipped} skipped` : ""}`;
  return rich`${MARK[job.state]} ${code(shortJobId(job.id))} ${label}: ${bold(job.state)}, ${counts}`;
}

/** The progress message's content; once finished, the first failures are listed. */
export function jobProgressText(job: JobSnapshot, failures: JobItemView[] = [], label?: string): Rich {
  return blocks(
    jobLine(job, label),
    job.message ?? undefined,
    failures.length > 0 && list(firstOf(failures.map((f) => `${f.key}: ${f.message ?? "failed"}`), 5)),
  );
}
