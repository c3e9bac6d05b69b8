/** Polls a job through the API until `until` holds. */
export async function waitForJob(
  api: (method: string, path: string, o?: { token?: string }) => Promise<{ body: any }>,
  token: string,
  jobId: string,
  until: (job: any) => boolean,
  timeoutMs = 90_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await api("GET", `/api/jobs/${jobId}`, { token }).catch(() => ({ body: null }))).body;
    if (job && until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job did not get there in time: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Reads a job's server-sent progress events until the stream ends. */
export async function collectProgress(url: string, token: string): Promise<any[]> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const events: any[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let split;
    while ((split = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const data = block.split("\n").find((l) => l.startsWith("data: "));
      if (data) events.push(JSON.parse(data.slice(6)));
    }
  }
  return events;
}
