import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { communityEnv } from "../test/synapse/community.ts";
import { startServerProcess } from "../test/helpers/server-process.ts";
import { benchHomeserver } from "./seed-rooms.ts";
import type { BenchResult } from "./result.ts";

const ROOMS = 100;
const GOAL_MB = 100;
/** Long enough for start-up work (room index, moderator room, listeners) to settle. */
const SETTLE_MS = 10_000;

const residentMb = (pid: number, field: "VmRSS" | "VmHWM") => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

/**
 * Resident memory of `npm start` (a real process, the same Node flags) idling with a community of
 * rooms and no optional feature configured: what a small community's host pays for the dashboard.
 */
export async function benchIdleMemory(log: (line: string) => void): Promise<BenchResult[]> {
  const { synapse, community } = await benchHomeserver(`idle-${ROOMS}`, ROOMS, log);
  try {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-idle-"));
    const server = await startServerProcess(communityEnv(community, { PORT: "0", DATA_DIR: dataDir, MODERATOR_NOTICES: "off" }));
    try {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const pid = server.child.pid!;
      const idle = residentMb(pid, "VmRSS");
      const peak = residentMb(pid, "VmHWM");
      log(`idle ${idle.toFixed(1)} MB, peak ${peak.toFixed(1)} MB`);
      return [{ name: `idle resident memory (${ROOMS} rooms, Authentik and bridges off)`, value: idle, unit: "MB", goal: `< ${GOAL_MB} MB`, met: idle < GOAL_MB, extra: `peak while starting: ${peak.toFixed(1)} MB` }];
    } finally {
      await server.stop();
    }
  } finally {
    await synapse.stop();
  }
}
