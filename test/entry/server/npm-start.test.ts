import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, communityEnv, type Community } from "../../synapse/community.ts";
import { startServerProcess, signInTo, type ServerProcess } from "../../helpers/server-process.ts";
import { projectRoot } from "../../synapse/install.ts";

const hs = inject("synapse");
const bundle = path.join(projectRoot, "dist/server/main.js");

/** `npm start` runs the server from its bundle (server/start.js), rebuilding it when a source changed. */
describe("npm start", () => {
  let c: Community;
  let server: ServerProcess;
  let staleAt: number;

  beforeAll(async () => {
    c = await seedCommunity(hs, { members: 0, extraRooms: 0 });
    // As after `git pull`: a bundle older than the sources it was built from.
    if (existsSync(bundle)) utimesSync(bundle, new Date(0), new Date(0));
    staleAt = Date.now();
    server = await startServerProcess(communityEnv(c, { PORT: "0", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-start-")), LOG_LEVEL: "info" }), {
      npmStart: true,
    });
  });
  afterAll(() => server?.stop());

  it("rebuilds a stale bundle before it starts, from every server source it imports", () => {
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(staleAt - 1000);
    const inputs: string[] = JSON.parse(readFileSync(path.join(projectRoot, "dist/server/inputs.json"), "utf8"));
    expect(inputs).toEqual(expect.arrayContaining(["server/main.ts", "server/kernel/matrix/bot.ts", "shared/rooms.ts", "package-lock.json", "esbuild.server.ts"]));
    expect(inputs.filter((f) => f.includes("node_modules"))).toEqual([]);
  });

  it("serves the signed-in API with encryption on, and the widget, from the bundle", async () => {
    expect(server.output()).toContain("end-to-end encryption is on");
    const token = await signInTo(server, c.moderators[0]!);
    const health = await server.api("GET", "/api/health", { token });
    expect(health.status).toBe(200);
    expect(health.body.capabilities.e2ee).toBe(true);
    const widget = await fetch(`${server.url}/widget/`);
    expect(widget.status).toBe(200);
    expect(await widget.text()).toContain("<html");
  });
});
