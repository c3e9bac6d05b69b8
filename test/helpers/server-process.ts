import { spawn, type ChildProcess } from "node:child_process";
import { projectRoot } from "../synapse/install.ts";
import { captureSecrets, captureText } from "./capture.ts";

export type ServerProcess = { child: ChildProcess; url: string; output: () => string; stop(signal?: NodeJS.Signals): Promise<void> };

/** Runs `npm start`'s entry point as a real process (for restarts and SIGKILL) and waits until it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--disable-warning=DEP0060", "server/main.ts"], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH!, ENV_FILE: "/nonexistent/.env", ...env },
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  captureSecrets([env.MATRIX_ACCESS_TOKEN, env.SESSION_SECRET, env.METRICS_TOKEN]);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => captureText("output", output));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = () => {
      const match = /Dashboard running at (http:\/\/\S+) /.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve({
        child,
        url: match[1]!,
        output: () => output,
        stop: async (signal = "SIGTERM") => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}
