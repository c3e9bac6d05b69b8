import { describe, expect, it } from "vitest";
import { jobSnapshots } from "../../shared/job-events.ts";
import type { JobSnapshot } from "../../shared/jobs.ts";

const snapshot = (done: number) => ({ id: "j1", kind: "k", state: done === 3 ? "done" : "running", total: 3, done }) as unknown as JobSnapshot;

/** A stream that delivers the text in the given pieces, as a network would cut it. */
function streamOf(pieces: string[]): ReadableStream<Uint8Array> {
  const bytes = pieces.map((p) => new TextEncoder().encode(p));
  return new ReadableStream({
    start(controller) {
      for (const b of bytes) controller.enqueue(b);
      controller.close();
    },
  });
}

describe("the job progress stream reader the widget and the CLI share", () => {
  it("yields each progress snapshot, across pieces cut anywhere, and skips keep-alives", async () => {
    const text = [1, 2, 3].map((n) => `event: progress\ndata: ${JSON.stringify(snapshot(n))}\n\n`).join(": keep-alive\n\n");
    const cuts = [text.slice(0, 7), text.slice(7, 60), text.slice(60, 61), text.slice(61)];
    const seen: number[] = [];
    for await (const s of jobSnapshots(streamOf(cuts))) seen.push(s.done);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("yields nothing for a stream that ends inside an event", async () => {
    const seen: JobSnapshot[] = [];
    for await (const s of jobSnapshots(streamOf([`event: progress\ndata: ${JSON.stringify(snapshot(1))}`]))) seen.push(s);
    expect(seen).toEqual([]);
  });
});
