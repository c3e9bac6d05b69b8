import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../synapse/install.ts";
import { captureSecrets, captureText } from "./capture.ts";

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  api(method: string, p: string, o?: { token?: string; body?: unknown }): Promise<{ status: number; body: any; text: string }>;
  /** Peak resident memory of the process so far (Linux VmHWM), in bytes. */
  peakRss(): number;
};

/** `npm start`'s command line after `node`: its flags and server/start.js, read from package.json so the two cannot drift. */
export function npmStartArgs(): string[] {
  const start = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts.start as string;
  const [node, ...args] = start.split(/\s+/);
  if (node !== "node") throw new Error(`npm start no longer runs node directly: ${start}`);
  return args;
}

/**
 * Runs the server as a real process (for restarts and SIGKILL), on the given environment only, and
 * waits until it listens. By default it runs the TypeScript sources (server/main.ts, with `npm
 * start`'s Node flags), so a test sees the code as it is; `npmStart` runs exactly what `npm start`
 * runs (the bundle, built first when stale). `withoutCryptoBinding` runs it as on a machine where
 * the native encryption binding is not installed.
 */
export function startServerProcess(env: Record<string, string>, options: { withoutCryptoBinding?: boolean; npmStart?: boolean } = {}): Promise<ServerProcess> {
  const hide = options.withoutCryptoBinding ? ["--import", "./test/helpers/without-crypto-binding.ts"] : [];
  const startArgs = npmStartArgs();
  const args = [...startArgs.slice(0, -1), ...hide, options.npmStart ? startArgs.at(-1)! : "server/main.ts"];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH!, ENV_FILE: "/nonexistent/.env", ...env },
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  captureSecrets([env.MATRIX_ACCESS_TOKEN, env.SESSION_SECRET, env.METRICS_TOKEN, env.AUTHENTIK_TOKEN, env.AUTHENTIK_WEBHOOK_SECRET, env.AUTHENTIK_SCIM_TOKEN]);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => captureText("output", output));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = () => {
      const url = /Dashboard running at (http:\/\/\S+) /.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve({
        child,
        url,
        output: () => output,
        stop: async (signal = "SIGTERM") => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
        async api(method, p, o = {}) {
          const res = await fetch(url + p, {
            method,
            headers: { "content-type": "application/json", ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
            body: o.body === undefined ? undefined : JSON.stringify(o.body),
          });
          const text = await res.text();
          captureText("response", text);
          return { status: res.status, body: text ? JSON.parse(text) : null, text };
        },
        peakRss() {
          const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
          return Number(kb) * 1024;
        },
      });
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Signs a person in through the process's OpenID exchange, as the widget does. */
export async function signInTo(server: ServerProcess, person: { client: { openIdToken(): Promise<unknown> } }): Promise<string> {
  const res = await server.api("POST", "/api/session", { body: { openIdToken: await person.client.openIdToken() } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.text}`);
  return res.body.token;
}
