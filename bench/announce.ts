import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/config.ts";
import { startServer, type RunningServer } from "../server/server.ts";
import { communityEnv } from "../test/synapse/community.ts";
import { benchHomeserver, pool } from "./seed-rooms.ts";
import type { BenchResult } from "./result.ts";
import type { TestClient } from "../test/synapse/client.ts";

const ROOMS = 500;
const LIMITED_ROOMS = 120;
const LIMIT = { messages_per_second: 10, burst_count: 10 };

async function announceThroughDashboard(server: RunningServer, moderator: TestClient, rooms: string[], text: string): Promise<number> {
  const api = async (method: string, p: string, body?: unknown, token?: string) => {
    const res = await fetch(server.url + p, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  };
  const { token } = await api("POST", "/api/session", { openIdToken: await moderator.openIdToken() });
  const started = performance.now();
  const res = await api("POST", "/api/actions/announcements.send/apply", { markdown: text, targets: { kind: "rooms", rooms } }, token);
  const job = await server.ctx.jobs.settled(res.result.jobId);
  if (job.done !== rooms.length) throw new Error(`announcement reached ${job.done} of ${rooms.length} rooms`);
  return performance.now() - started;
}

/** Raw sends with `inFlight` at a time: 1 is the serial baseline; more shows what the homeserver itself can take. */
async function rawSends(bot: TestClient, rooms: string[], inFlight: number): Promise<number> {
  const started = performance.now();
  const run = `${inFlight}-${Date.now()}`;
  await pool(rooms, inFlight, async (room, i) => {
    await bot.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/raw-${run}-${i}`, { msgtype: "m.text", body: "baseline" });
  });
  return performance.now() - started;
}

export async function benchAnnounce(log: (line: string) => void): Promise<BenchResult[]> {
  const bench = await benchHomeserver("announce-500", ROOMS, log);
  const { community, rooms } = bench;
  const bot = community.bot.client;
  const overridePath = `/_synapse/admin/v1/users/${encodeURIComponent(community.bot.userId)}/override_ratelimit`;
  try {
    const config = loadConfig(
      communityEnv(community, { PORT: "0", LOG_LEVEL: "silent", MODERATOR_NOTICES: "off", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-ann-")) }),
    );
    const server = await startServer(config);
    try {
      await bot.request("POST", overridePath, { messages_per_second: 0, burst_count: 0 });
      const ours = await announceThroughDashboard(server, community.moderators[0]!.client, rooms, "bench: limits lifted");
      const serial = await rawSends(bot, rooms, 1);
      const ceiling = await rawSends(bot, rooms, 12);

      await bot.request("POST", overridePath, LIMIT);
      // Let the bucket fill so the burst is available, as the ideal assumes.
      await new Promise((r) => setTimeout(r, 2000));
      const limitedRooms = rooms.slice(0, LIMITED_ROOMS);
      const limited = await announceThroughDashboard(server, community.moderators[0]!.client, limitedRooms, "bench: limits on");
      const ideal = ((LIMITED_ROOMS - LIMIT.burst_count) / LIMIT.messages_per_second) * 1000;
      const share = ideal / limited;
      return [
        {
          name: `announce to ${ROOMS} rooms, rate limits lifted`,
          value: ours / 1000,
          unit: "s",
          goal: "≥ 5× the serial baseline",
          met: serial / ours >= 5,
          baseline: { name: "serial one-room-at-a-time sends", value: serial / 1000 },
          ratio: serial / ours,
          ratioGoal: 5,
          extra:
            `${(ROOMS / (ours / 1000)).toFixed(0)} rooms/s; the homeserver itself takes ${(ceiling / 1000).toFixed(1)} s for the same sends 12 at a time ` +
            `(${(serial / ceiling).toFixed(1)}× serial), so the dashboard reaches ${((ceiling / ours) * 100).toFixed(0)}% of what this Synapse can absorb`,
        },
        {
          name: `announce to ${LIMITED_ROOMS} rooms under a ${LIMIT.messages_per_second}/s limit (burst ${LIMIT.burst_count})`,
          value: share * 100,
          unit: "% of the configured rate",
          goal: "≥ 90%",
          met: share >= 0.9,
          extra: `took ${(limited / 1000).toFixed(1)} s; the limiter allows ${(ideal / 1000).toFixed(1)} s at best`,
        },
      ];
    } finally {
      await bot.request("DELETE", overridePath).catch(() => {});
      await server.close();
    }
  } finally {
    await bench.synapse.stop();
  }
}
