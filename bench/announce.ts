import path from "node:path";
import { loadConfig } from "../server/kernel/config/config.ts";
import { startServer, type RunningServer } from "../server/server.ts";
import { ANNOUNCEMENT_MARKER } from "../server/features/announcements/announce.ts";
import { communityEnv, type Community } from "../test/synapse/community.ts";
import { TestClient } from "../test/synapse/client.ts";
import { cacheDir } from "../test/synapse/install.ts";
import { benchHomeserver, pool } from "./seed-rooms.ts";
import { startLatencyProxy } from "./latency-proxy.ts";
import { processCpuMs } from "./process-cpu.ts";
import type { BenchResult } from "./result.ts";

const ROOMS = 500;
const LIMITED_ROOMS = 120;
const LIMIT = { messages_per_second: 10, burst_count: 10 };
/** Round trips between dashboard and homeserver: loopback, then links like those between two hosts. */
const ROUND_TRIPS_MS = [0, 20, 50];
/** What the homeserver absorbs from one client with this many sends in flight (more gains nothing here). */
const CEILING_IN_FLIGHT = 24;
const LISTENER_SAMPLE = 250;

type Dashboard = { server: RunningServer; token: string; bot: TestClient; close: () => Promise<void> };

/** A warm dashboard (room index loaded, moderator signed in) reaching the homeserver across a link of `rttMs`. */
async function openDashboard(bench: { community: Community; homeserverUrl: string }, rttMs: number): Promise<Dashboard> {
  const { community } = bench;
  const proxy = rttMs ? await startLatencyProxy(bench.homeserverUrl, rttMs / 2) : undefined;
  const url = proxy?.url ?? bench.homeserverUrl;
  // Kept with the cached homeserver: the bot's encryption device belongs to its token, its keys to one store.
  const dataDir = path.join(cacheDir, "bench", "announce-500", "dashboard-data");
  const server = await startServer(loadConfig(communityEnv(community, { MATRIX_HOMESERVER: url, PORT: "0", MODERATOR_NOTICES: "off", DATA_DIR: dataDir })));
  await server.ctx.rooms.refresh();
  const session = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ openIdToken: await community.moderators[0]!.client.openIdToken() }),
  }).then((r) => r.json());
  return {
    server,
    token: session.token,
    bot: new TestClient(url, community.bot.accessToken, community.bot.userId),
    close: async () => {
      await server.close();
      await proxy?.close();
    },
  };
}

/** Milliseconds from the moderator's click to the last room, and how much of it went to the plan (reading the rooms' state). */
async function announceThroughDashboard(d: Dashboard, rooms: string[], text: string): Promise<{ ms: number; planMs: number }> {
  const started = performance.now();
  const res = await fetch(`${d.server.url}/api/actions/announcements.send/apply`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${d.token}` },
    body: JSON.stringify({ markdown: text, targets: { kind: "rooms", rooms } }),
  }).then((r) => r.json());
  const planMs = performance.now() - started;
  const job = await d.server.ctx.jobs.settled(res.result.jobId);
  if (job.done !== rooms.length) throw new Error(`announcement reached ${job.done} of ${rooms.length} rooms`);
  return { ms: performance.now() - started, planMs };
}

/** A chat message as a client without intentional mentions sends it (the listener run's messages "elsewhere"). */
const CHAT_MESSAGE = { msgtype: "m.text", body: "baseline" };
/**
 * The content the dashboard sends for an announcement (server/features/announcements/announce.ts),
 * so the baselines it is compared with are the same events: an empty `m.mentions` costs Synapse
 * about a third more CPU per message (it checks the field against a JSON schema, and re-checks the
 * schema itself on every call), and the bot sends it on purpose so "@room" in a text notifies nobody.
 */
const ANNOUNCEMENT_LIKE = {
  msgtype: "m.text",
  body: "baseline",
  format: "org.matrix.custom.html",
  formatted_body: "<p>baseline</p>",
  "m.mentions": {},
  [ANNOUNCEMENT_MARKER]: "bench-baseline",
};

/** Raw sends with `inFlight` at a time: 1 is the serial baseline; more shows what the homeserver itself can take. */
async function rawSends(bot: TestClient, rooms: string[], inFlight: number, content: object = ANNOUNCEMENT_LIKE): Promise<number> {
  const started = performance.now();
  const run = `${inFlight}-${Date.now()}`;
  await pool(rooms, inFlight, async (room, i) => {
    await bot.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/raw-${run}-${i}`, content);
  });
  return performance.now() - started;
}

/** Lets Synapse finish the background work the previous run left (push actions, caches) before the next is timed. */
const settle = () => new Promise((r) => setTimeout(r, 2000));

async function liftedRun(bench: { community: Community; homeserverUrl: string; rooms: string[]; pid: number }, rttMs: number): Promise<BenchResult> {
  const d = await openDashboard(bench, rttMs);
  try {
    // Untimed pass so every room's caches are as warm for the first measured run as for the last.
    await rawSends(d.bot, bench.rooms, CEILING_IN_FLIGHT);
    await settle();
    const { ms: ours, planMs } = await announceThroughDashboard(d, bench.rooms, `bench: limits lifted, ${rttMs} ms link`);
    await settle();
    const serial = await rawSends(d.bot, bench.rooms, 1);
    await settle();
    const cpuBefore = processCpuMs(bench.pid);
    const ceiling = await rawSends(d.bot, bench.rooms, CEILING_IN_FLIGHT);
    const busy = (processCpuMs(bench.pid) - cpuBefore) / ceiling;
    const link = rttMs ? `over a link with a ${rttMs} ms round trip` : "on loopback";
    return {
      name: `announce to ${ROOMS} rooms, rate limits lifted, ${link}`,
      value: ours / 1000,
      unit: "s",
      goal: "≥ 5× the serial baseline",
      met: serial / ours >= 5,
      baseline: { name: "serial one-room-at-a-time sends", value: serial / 1000 },
      ratio: serial / ours,
      ratioGoal: 5,
      extra:
        `${(ROOMS / (ours / 1000)).toFixed(0)} rooms/s (the plan took ${(planMs / 1000).toFixed(2)} s). The homeserver takes ${(ceiling / 1000).toFixed(1)} s for the same sends ${CEILING_IN_FLIGHT} at a time ` +
        `(${(serial / ceiling).toFixed(1)}× serial, its process busy ${(busy * 100).toFixed(0)}% of a core): the dashboard reaches ${((ceiling / ours) * 100).toFixed(0)}% of that ceiling`,
    };
  } finally {
    await d.close();
  }
}

async function limitedRun(bench: { community: Community; homeserverUrl: string; rooms: string[] }): Promise<BenchResult> {
  const d = await openDashboard(bench, 0);
  try {
    const limitedRooms = bench.rooms.slice(0, LIMITED_ROOMS);
    const refusals = async () => (await d.server.ctx.metrics.matrixRateLimited.get()).values[0]?.value ?? 0;
    const refusedBefore = await refusals();
    const { ms: limited } = await announceThroughDashboard(d, limitedRooms, "bench: limits on");
    const refused = (await refusals()) - refusedBefore;
    const ideal = ((LIMITED_ROOMS - LIMIT.burst_count) / LIMIT.messages_per_second) * 1000;
    const share = ideal / limited;
    return {
      name: `announce to ${LIMITED_ROOMS} rooms under a ${LIMIT.messages_per_second}/s limit (burst ${LIMIT.burst_count})`,
      value: share * 100,
      unit: "% of the configured rate",
      goal: "≥ 90%",
      met: share >= 0.9,
      extra:
        `took ${(limited / 1000).toFixed(1)} s; the limiter allows ${(ideal / 1000).toFixed(1)} s at best. ` +
        `${refused} requests refused with M_LIMIT_EXCEEDED (${(refused / (LIMITED_ROOMS - LIMIT.burst_count)).toFixed(1)} per message past the burst)`,
    };
  } finally {
    await d.close();
  }
}

/**
 * The homeserver's CPU per message, sent serially into the bench rooms, with whatever else runs at
 * the time: the least of a few runs, since Synapse's own background work only ever adds to it.
 */
async function cpuPerMessage(bot: TestClient, rooms: string[], pid: number, runs = 2): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < runs; i++) {
    const before = processCpuMs(pid);
    await rawSends(bot, rooms, 1, CHAT_MESSAGE);
    least = Math.min(least, (processCpuMs(pid) - before) / rooms.length);
  }
  return least;
}

/** The filtered `/sync` long-poll a chat bot usually listens with (what the dashboard did before sliding sync). */
function filteredSyncListener(bot: TestClient, roomId: string): { stop: () => Promise<void> } {
  const filter = JSON.stringify({
    presence: { types: [] },
    account_data: { types: [] },
    room: { rooms: [roomId], timeline: { types: ["m.room.message"], not_senders: [bot.userId], limit: 50 }, state: { types: [] }, ephemeral: { types: [] } },
  });
  let stopped = false;
  const loop = (async () => {
    let since = (await bot.request("GET", `/_matrix/client/v3/sync?timeout=0&filter=${encodeURIComponent(filter)}`)).next_batch;
    while (!stopped) {
      since = (await bot.request("GET", `/_matrix/client/v3/sync?timeout=2000&since=${since}&filter=${encodeURIComponent(filter)}`)).next_batch;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** What listening for moderator-room commands costs the homeserver for each message anywhere else. */
async function listenerRun(bench: { community: Community; homeserverUrl: string; rooms: string[]; pid: number }): Promise<BenchResult> {
  const { community, pid } = bench;
  const rooms = bench.rooms.slice(0, LISTENER_SAMPLE);
  const bot = new TestClient(bench.homeserverUrl, community.bot.accessToken, community.bot.userId);
  // Alternating runs, least of each, so drift in Synapse's own background work cancels out.
  let quiet = Infinity;
  let withDashboard = Infinity;
  for (let i = 0; i < 3; i++) {
    quiet = Math.min(quiet, await cpuPerMessage(bot, rooms, pid, 1));
    const d = await openDashboard(bench, 0);
    await new Promise((r) => setTimeout(r, 1000));
    withDashboard = Math.min(withDashboard, await cpuPerMessage(bot, rooms, pid, 1).finally(() => d.close()));
  }
  const naive = filteredSyncListener(bot, community.moderatorRoom.roomId);
  const withNaive = await cpuPerMessage(bot, rooms, pid).finally(() => naive.stop());
  const added = Math.max(0, withDashboard - quiet);
  const naiveAdded = withNaive - quiet;
  return {
    name: `homeserver CPU added per message elsewhere while the dashboard listens for commands (bot in ${bench.rooms.length} rooms)`,
    value: added,
    unit: "ms",
    goal: "≤ 10% of what the message itself costs",
    met: added <= quiet * 0.1,
    baseline: { name: "a filtered /sync long-poll on the moderator room", value: naiveAdded },
    extra: `a message costs Synapse ${quiet.toFixed(1)} ms of CPU with nobody listening; the filtered /sync adds ${((naiveAdded / quiet) * 100).toFixed(0)}%, the dashboard's one-room sliding-sync subscription ${((added / quiet) * 100).toFixed(0)}%`,
  };
}

export async function benchAnnounce(log: (line: string) => void): Promise<BenchResult[]> {
  const seeded = await benchHomeserver("announce-500", ROOMS, log);
  const { community, rooms, synapse } = seeded;
  const bench = { community, rooms, homeserverUrl: synapse.baseUrl, pid: synapse.pid! };
  const bot = community.bot.client;
  const overridePath = `/_synapse/admin/v1/users/${encodeURIComponent(community.bot.userId)}/override_ratelimit`;
  const results: BenchResult[] = [];
  try {
    await bot.request("POST", overridePath, { messages_per_second: 0, burst_count: 0 });
    results.push(await listenerRun(bench));
    for (const rttMs of ROUND_TRIPS_MS) {
      log(`announce with limits lifted, ${rttMs} ms round trip`);
      results.push(await liftedRun(bench, rttMs));
    }
    await bot.request("POST", overridePath, LIMIT);
    // Let the bucket fill so the burst is available, as the ideal assumes.
    await new Promise((r) => setTimeout(r, 2000));
    results.push(await limitedRun(bench));
    return results;
  } finally {
    await bot.request("DELETE", overridePath).catch(() => {});
    await synapse.stop();
  }
}
