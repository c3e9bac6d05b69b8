import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { communityEnv } from "../test/synapse/community.ts";
import { login } from "../test/synapse/synapse.ts";
import { startServerProcess } from "../test/helpers/server-process.ts";
import { benchHomeserver } from "./seed-rooms.ts";
import type { BenchResult } from "./result.ts";

const ROOMS = 100;
const GOAL_MB = 100;
/** Long enough for start-up work (room index, moderator room, listeners) to settle. */
const SETTLE_MS = 10_000;

const residentMb = (pid: number, field: "VmRSS" | "VmHWM") => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

/**
 * Resident memory of `npm start` (a real process: the bundle, the same Node flags) idling with a
 * community of rooms, end-to-end encryption on (its device open) and no optional feature
 * configured: what a small community's host pays for the dashboard. The bot signs in on a new
 * device each run, as a fresh install would, so its encryption store opens (the homeserver holds
 * no keys for that device from an earlier run); the device is logged out afterwards.
 */
export async function benchIdleMemory(log: (line: string) => void): Promise<BenchResult[]> {
  const { synapse, community } = await benchHomeserver(`idle-${ROOMS}`, ROOMS, log);
  try {
    const device = await login(community.hs, community.bot.localpart, community.bot.password, "idle-memory bench");
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-idle-"));
    // At the default log level, as a host runs it (the output also says whether encryption came on).
    const env = communityEnv(community, { PORT: "0", DATA_DIR: dataDir, MODERATOR_NOTICES: "off", MATRIX_ACCESS_TOKEN: device.accessToken, LOG_LEVEL: "info" });
    const server = await startServerProcess(env, { npmStart: true });
    try {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const pid = server.child.pid!;
      const idle = residentMb(pid, "VmRSS");
      const peak = residentMb(pid, "VmHWM");
      const e2ee = /end-to-end encryption is on/.test(server.output()) ? "on" : "off";
      log(`idle ${idle.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, encryption ${e2ee}`);
      return [
        {
          name: `idle resident memory (${ROOMS} rooms, encryption ${e2ee}, Authentik and bridges off)`,
          value: idle,
          unit: "MB",
          goal: `< ${GOAL_MB} MB`,
          met: idle < GOAL_MB,
          extra: `peak while starting: ${peak.toFixed(1)} MB`,
        },
      ];
    } finally {
      await server.stop();
      await fetch(`${community.hs.baseUrl}/_matrix/client/v3/logout`, { method: "POST", headers: { authorization: `Bearer ${device.accessToken}` } });
    }
  } finally {
    await synapse.stop();
  }
}
