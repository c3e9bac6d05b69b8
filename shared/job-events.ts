import type { JobSnapshot } from "./jobs.ts";

/**
 * Reads a job's server-sent progress stream (GET /api/jobs/<id>/events) as snapshots: the one SSE
 * reader the widget and the CLI share. Ends when the server closes the stream (the job finished).
 */
export async function* jobSnapshots(body: ReadableStream<Uint8Array>): AsyncGenerator<JobSnapshot> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // Comment lines (": keep-alive") and other events carry no snapshot.
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data && /^event: progress$/m.test(block)) yield JSON.parse(data) as JobSnapshot;
    }
  }
}
