import type { Config } from "../config/config.ts";
import { AuthentikClient } from "./client.ts";

export function authentikClientFor(config: Pick<Config, "authentik">): AuthentikClient | undefined {
  const a = config.authentik;
  return a ? new AuthentikClient({ url: a.url, token: a.token, pageSize: a.pageSize, timeoutMs: a.timeoutMs, concurrency: a.fetchConcurrency }) : undefined;
}
