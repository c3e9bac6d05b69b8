import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import type { HostConfig } from "./host/host-config.ts";

const hostDir = path.join(import.meta.dirname, "host");

export type HostPerson = HostConfig["person"];

export type HostServerOptions = {
  dashboardUrl: string;
  homeserverUrl: string;
  roomId: string;
  widgetCreator: string;
  /** The first one is who the page plays when `?as=` names nobody. */
  people: HostPerson[];
  port?: number;
};

export type HostServer = { url: string; origin: string; close(): Promise<void> };

/** Bundles the host page script; it is test code, so it is built here and never lands in dist/. */
async function bundleHostScript(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(hostDir, "host.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    logLevel: "warning",
  });
  return result.outputFiles[0]!.text;
}

/**
 * Serves the page that plays Element, on its own origin so framing, CSP frame-ancestors and
 * postMessage origins are checked for real. People's access tokens stay on this server and page.
 */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const html = readFileSync(path.join(hostDir, "host.html"));
  const script = await bundleHostScript();
  const configFor = (key: string | null): HostConfig => ({
    dashboardUrl: options.dashboardUrl,
    homeserverUrl: options.homeserverUrl,
    roomId: options.roomId,
    widgetCreator: options.widgetCreator,
    person: options.people.find((p) => p.key === key) ?? options.people[0]!,
    people: options.people.map(({ key, label }) => ({ key, label })),
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://host");
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (url.pathname === "/") return send("text/html; charset=utf-8", html);
    if (url.pathname === "/host.js") return send("text/javascript; charset=utf-8", script);
    if (url.pathname === "/host-config.json") return send("application/json", JSON.stringify(configFor(url.searchParams.get("as"))));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
