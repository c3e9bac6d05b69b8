import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../server/kernel/config/config.ts";
import { startServer, type RunningServer } from "../../server/server.ts";
import { communityEnv, type Community } from "../synapse/community.ts";
import { captureSecrets, captureText } from "./capture.ts";
import { getSetting } from "../../server/kernel/store/settings.ts";

export type TestDashboard = RunningServer & {
  logLines: string[];
  api<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string }): Promise<{ status: number; body: T; text: string }>;
};

/** Starts the dashboard in-process against a seeded community, on a free port, with its own data folder. */
export async function startDashboard(c: Community, extraEnv: Record<string, string> = {}): Promise<TestDashboard> {
  const logLines: string[] = [];
  const config = loadConfig(
    communityEnv(c, {
      PORT: "0",
      LOG_LEVEL: "debug",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-data-")),
      ALLOWED_CLIENT_ORIGINS: "http://127.0.0.1",
      // Notices share the bot's message rate limit; suites that test them turn them on.
      MODERATOR_NOTICES: "off",
      ...extraEnv,
    }),
  );
  const server = await startServer(config, {
    logSink: {
      write: (line) => {
        logLines.push(line);
        captureText("log", line);
      },
    },
  });
  captureSecrets([config.accessToken, getSetting(server.ctx.store.db, "session_secret"), config.metricsToken, config.authentik?.scimToken, ...config.bridges.map((b) => b.provisioningSecret ?? undefined)]);
  return {
    ...server,
    logLines,
    async api(method, apiPath, options = {}) {
      const res = await fetch(server.url + apiPath, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined || options.raw !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      });
      const text = await res.text();
      captureText("response", text);
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body, text };
    },
  };
}

/** Signs a person in the way the widget does: OpenID token from the homeserver, exchanged for a session. */
export async function signIn(dash: TestDashboard, person: { client: { openIdToken(): Promise<any> } }): Promise<string> {
  const openIdToken = await person.client.openIdToken();
  const res = await dash.api("POST", "/api/session", { body: { openIdToken } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  return res.body.token;
}
