import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/kernel/config/config.ts";
import { startServer } from "../server/server.ts";
import { communityEnv } from "../test/synapse/community.ts";
import { applyStateEvent, emptyRoomState } from "../server/kernel/matrix/room-state.ts";
import { moderatorCoverage } from "../server/features/rooms/directory.ts";
import { signIn, type TestDashboard } from "../test/helpers/dashboard.ts";
import { benchHomeserver, type BenchHomeserver } from "./seed-rooms.ts";
import type { BenchResult } from "./result.ts";

const ROOMS = 5000;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** The baseline a first version would write: for every joined room, fetch its whole state. */
async function naiveDirectory(bench: BenchHomeserver): Promise<number> {
  const bot = bench.community.bot.client;
  const moderators = bench.community.moderators.map((m) => ({ userId: m.userId, level: 50 }));
  const rooms = [];
  for (const roomId of await bot.joinedRooms()) {
    const state = emptyRoomState(roomId);
    for (const event of await bot.allState(roomId)) applyStateEvent(state, event);
    const members = await bot.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`);
    state.members = Object.keys(members.joined).length;
    rooms.push({ ...state, coverage: moderatorCoverage(state, moderators, { joined: new Set(Object.keys(members.joined)), invited: new Set() }) });
  }
  rooms.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
  return rooms.length;
}

export async function benchDirectory(log: (line: string) => void): Promise<BenchResult[]> {
  const bench = await benchHomeserver("directory-5000", ROOMS, log);
  try {
    const config = loadConfig(
      communityEnv(bench.community, { PORT: "0", LOG_LEVEL: "silent", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-dir-")) }),
    );
    const server = await startServer(config);
    const dash = {
      url: server.url,
      api: async (method: string, p: string, o: { token?: string; body?: unknown } = {}) => {
        const res = await fetch(server.url + p, {
          method,
          headers: { "content-type": "application/json", ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
          body: o.body === undefined ? undefined : JSON.stringify(o.body),
        });
        const text = await res.text();
        return { status: res.status, body: JSON.parse(text), text };
      },
    } as unknown as TestDashboard;
    const token = await signIn(dash, bench.community.moderators[0]!);
    const cold = await timed(() => dash.api("GET", "/api/rooms?limit=50", { token }));
    const total = (cold.value as any).body.total as number;
    const warm = await timed(() => dash.api("GET", "/api/rooms?limit=50&search=bench%20room%2004", { token }));
    const rss = process.memoryUsage().rss;
    await server.close();
    const naive = await timed(() => naiveDirectory(bench));
    return [
      {
        name: `room directory, ${total} rooms, cold first page`,
        value: cold.ms / 1000,
        unit: "s",
        goal: "< 1.5 s",
        met: cold.ms < 1500,
        baseline: { name: "naive per-room state fetch", value: naive.ms / 1000, rooms: naive.value },
        ratio: naive.ms / cold.ms,
        ratioGoal: 5,
        extra: `warm search ${(warm.ms / 1000).toFixed(3)} s, process RSS ${(rss / 1048576).toFixed(0)} MB`,
      },
    ];
  } finally {
    await bench.synapse.stop();
  }
}
