import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";

// Not `import … from "node:http"`: an ES import of node:http reads every export, and its WebSocket
// export loads undici (about 15 MB of resident memory) into a process that never uses it.
type Send = (url: URL, options: RequestOptions, onResponse: (res: IncomingMessage) => void) => ClientRequest;
const http = process.getBuiltinModule("node:http");
const https = process.getBuiltinModule("node:https");

/**
 * One HTTP request with node:http, for the bot's requests to the homeserver. Not fetch: Node's
 * fetch (undici and its WebAssembly parser) adds about 17 MB of resident memory to a process that
 * otherwise needs none of it. Node's global agents keep connections alive, as fetch did.
 * A timeout ends in an error with code ETIMEDOUT (as the failure mapping reads it); `signal`
 * aborting ends in an AbortError.
 */
export type HttpAnswer = { status: number; text: string };

export function httpRequest(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<HttpAnswer> {
  const target = new URL(url);
  const send: Send = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      // Content-Length always: Node sends a DELETE's body neither chunked nor sized by default, so
      // Synapse would read an empty body (the admin API's room delete takes its options as JSON).
      {
        method: options.method,
        headers: options.body === undefined ? options.headers : { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(options.timeoutMs, () => req.destroy(Object.assign(new Error(`${options.method} ${target.pathname} timed out`), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(options.body);
  });
}
