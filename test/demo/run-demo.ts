/**
 * `npm run demo`: a local Synapse with a seeded community, the dashboard backend, and the widget in
 * a page that plays Element. Everything lives in .cache/demo/ (DEMO_DIR to change it) and is
 * reused by the next run; a real .env is never read or written.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "dotenv";
import { Synapse } from "../synapse/synapse.ts";
import { projectRoot } from "../synapse/install.ts";
import { communityEnv, seedCommunity, type Community } from "../synapse/community.ts";
import { loadConfig } from "../../server/kernel/config/config.ts";
import { startServer } from "../../server/server.ts";
import { startHostServer } from "../e2e/host-server.ts";
import { ensureWidgetBuilt } from "../e2e/widget-build.ts";
import { loadDemoState, restoreCommunity, saveDemoState } from "./demo-state.ts";
import { preferredPort } from "./ports.ts";

const demoDir = path.resolve(process.env.DEMO_DIR ?? path.join(projectRoot, ".cache/demo"));
const synapseDir = path.join(demoDir, "synapse");
const stateFile = path.join(demoDir, "demo-state.json");
const envFile = path.join(demoDir, ".env");
const say = (line: string) => process.stdout.write(`${line}\n`);
const shown = (p: string) => (p.startsWith(projectRoot + path.sep) ? path.relative(projectRoot, p) : p);

async function startSynapse(port: number): Promise<Synapse> {
  mkdirSync(synapseDir, { recursive: true });
  const synapse = await Synapse.create({ dataDir: synapseDir, port, serverName: "demo.localhost", log: (l) => say(`  ${l}`) });
  await synapse.start();
  return synapse;
}

/** Reuses the saved community when its bot can still sign in; otherwise starts over with an empty homeserver. */
async function homeserverWithCommunity(): Promise<{ synapse: Synapse; community: Community }> {
  const saved = loadDemoState(stateFile);
  const port = await preferredPort(saved?.synapsePort ?? 8008);
  if (saved) {
    const synapse = await startSynapse(port);
    const community = restoreCommunity(saved, synapse.info());
    const alive = await community.bot.client.request("GET", "/_matrix/client/v3/account/whoami").then(() => true, () => false);
    if (alive) {
      saveDemoState(stateFile, port, community);
      say(`Reusing the community in ${shown(demoDir)}.`);
      return { synapse, community };
    }
    say("The saved community does not answer any more: starting over.");
    await synapse.stop();
  }
  rmSync(synapseDir, { recursive: true, force: true });
  say("Starting a fresh Synapse and seeding a community (first run installs Synapse, about a minute)…");
  const synapse = await startSynapse(port);
  const community = await seedCommunity(synapse.info(), { tag: "demo", moderators: 2, members: 3, extraRooms: 3 });
  saveDemoState(stateFile, port, community);
  return { synapse, community };
}

/** Two demos on one data folder would share one Synapse database: the second one stops. */
function claimDemoDir(): void {
  const lockFile = path.join(demoDir, "demo.pid");
  const holder = existsSync(lockFile) ? Number(readFileSync(lockFile, "utf8")) : undefined;
  if (holder && holder !== process.pid && isRunning(holder)) {
    say(`A demo is already running from ${shown(demoDir)} (process ${holder}). Stop it first, or set DEMO_DIR to another folder.`);
    process.exit(1);
  }
  writeFileSync(lockFile, String(process.pid));
  process.once("exit", () => rmSync(lockFile, { force: true }));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function writeEnvFile(values: Record<string, string>): void {
  // Quoted: dotenv reads an unquoted value starting with "#" (every room alias) as a comment.
  const lines = Object.entries(values).map(([k, v]) => `${k}="${v}"`);
  writeFileSync(envFile, `# Written by \`npm run demo\` for its local Synapse; your own settings belong in .env.\n${lines.join("\n")}\n`, { mode: 0o600 });
}

mkdirSync(demoDir, { recursive: true });
claimDemoDir();
ensureWidgetBuilt();
const { synapse, community: c } = await homeserverWithCommunity();

const hostPort = await preferredPort(Number(process.env.DEMO_HOST_PORT) || 8788);
const dashboardPort = await preferredPort(Number(process.env.DEMO_PORT) || 8787);
const hostOrigin = `http://127.0.0.1:${hostPort}`;
writeEnvFile(
  communityEnv(c, {
    PORT: String(dashboardPort),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${dashboardPort}`,
    ALLOWED_CLIENT_ORIGINS: hostOrigin,
    DATA_DIR: path.join(demoDir, "dashboard-data"),
    LOG_LEVEL: "warn",
  }),
);
const dashboard = await startServer(loadConfig(parse(readFileSync(envFile))));
const person = (key: string, label: string, p: Community["bot"]) => ({ key, label, userId: p.userId, accessToken: p.accessToken });
const host = await startHostServer({
  port: hostPort,
  dashboardUrl: dashboard.url,
  homeserverUrl: c.hs.baseUrl,
  roomId: c.moderatorRoom.roomId,
  widgetCreator: c.bot.userId,
  people: [
    ...c.moderators.map((m, i) => person(`mod${i + 1}`, `Moderator ${i + 1}`, m)),
    ...c.members.slice(0, 1).map((m) => person("member", "Member", m)),
  ],
});

say(`
Community Dashboard demo is running.

  Widget     ${host.url}              in a page playing Element, as Moderator 1
             ${host.url}?as=mod2      as Moderator 2
             ${host.url}?as=member    as a plain member ("not a moderator")
             add &theme=dark for the dark theme
  Dashboard  ${dashboard.url}  (report: ${dashboard.url}/api/health)
  Synapse    ${c.hs.baseUrl}  (server name ${c.hs.serverName}, moderator room ${c.moderatorRoom.alias})

  Moderators (password login on this Synapse):
${c.moderators.map((m) => `    ${m.userId}  password ${m.password}`).join("\n")}

  Settings: ${shown(envFile)}
  Check them while the demo runs: ENV_FILE=${shown(envFile)} npm run doctor

Press Ctrl-C to stop.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("\nStopping…");
  await host.close();
  await dashboard.close();
  await synapse.stop();
  process.exit(0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
