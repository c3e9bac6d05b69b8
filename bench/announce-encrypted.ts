import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Synapse, login } from "../test/synapse/synapse.ts";
import { seedCommunity, communityEnv, setRateLimitOverride, type Community } from "../test/synapse/community.ts";
import { TestClient } from "../test/synapse/client.ts";
import { cacheDir } from "../test/synapse/install.ts";
import { startServerProcess, signInTo, type ServerProcess } from "../test/helpers/server-process.ts";
import { E2eeTestClient } from "../test/helpers/e2ee-client.ts";
import { waitForJob } from "../test/helpers/jobs.ts";
import { pool } from "./seed-rooms.ts";
import type { BenchResult } from "./result.ts";

const ROOMS = 200;
/** Members with their own encrypting devices in every bench room: each room's key goes to each of them. */
const MEMBERS = 3;
const ENCRYPTION = { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } };
/** Goal: once keys are shared, encrypting costs at most this share of the plain throughput. */
const THROUGHPUT_GOAL = 0.7;

type Seed = { community: Omit<Community, "hs">; encrypted: string[]; plain: string[] };

/** 200 encrypted and 200 plain rooms with the same members, kept under .cache/bench (the bench measures sending, not seeding). */
async function seededHomeserver(log: (line: string) => void): Promise<{ synapse: Synapse; community: Community; seed: Seed }> {
  const dir = path.join(cacheDir, "bench", "announce-encrypted");
  mkdirSync(dir, { recursive: true });
  const synapse = await Synapse.reuse(dir, { log });
  await synapse.start();
  const recordPath = path.join(dir, "seed.json");
  let seed: Seed | undefined = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, "utf8")) : undefined;
  if (!seed) {
    const community = await seedCommunity(synapse, { moderators: 1, members: MEMBERS, extraRooms: 0, tag: "benche2ee" });
    for (const p of [community.bot, ...community.members]) await setRateLimitOverride(community.bot.client, p.userId, true);
    // Each member's device publishes its keys, as a person's client does at sign-in.
    for (const member of community.members) (await E2eeTestClient.start(synapse.info(), member)).stop();
    const make = async (encrypted: boolean) => {
      const rooms: string[] = [];
      await pool(Array.from({ length: ROOMS }, (_, i) => i), 4, async (i) => {
        const roomId = await community.bot.client.createRoom({
          preset: "private_chat",
          name: `${encrypted ? "Encrypted" : "Plain"} ${i}`,
          invite: community.members.map((m) => m.userId),
          ...(encrypted ? { initial_state: [ENCRYPTION] } : {}),
        });
        for (const member of community.members) await member.client.join(roomId);
        rooms.push(roomId);
      });
      log(`seeded ${rooms.length} ${encrypted ? "encrypted" : "plain"} rooms`);
      return rooms;
    };
    const encrypted = await make(true);
    const plain = await make(false);
    const { hs: _hs, ...rest } = community;
    seed = { community: rest, encrypted, plain };
    writeFileSync(recordPath, JSON.stringify(seed));
  }
  const revive = <P extends { accessToken: string; userId: string }>(p: P) => ({ ...p, client: new TestClient(synapse.baseUrl, p.accessToken, p.userId) });
  const c = seed.community;
  const community: Community = { ...c, hs: synapse.info(), bot: revive(c.bot), moderators: c.moderators.map(revive), members: c.members.map(revive) };
  return { synapse, community, seed };
}

async function announce(server: ServerProcess, token: string, rooms: string[], text: string): Promise<number> {
  const started = performance.now();
  const res = await server.api("POST", "/api/actions/announcements.send/apply", { token, body: { markdown: text, targets: { kind: "rooms", rooms } } });
  if (res.status !== 200) throw new Error(`announcement refused: ${res.text}`);
  const job = await waitForJob(server.api, token, res.body.result.jobId, (j) => ["done", "failed", "cancelled"].includes(j.state), 600_000);
  if (job.done !== rooms.length) throw new Error(`announcement reached ${job.done} of ${rooms.length} rooms: ${JSON.stringify(job)}`);
  return performance.now() - started;
}

const residentMb = (server: ServerProcess) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, "utf8"))?.[1]) / 1024;

/**
 * The dashboard as `npm start` runs it, on a fresh device of the bot (a new sign-in: a device's keys
 * belong to one store), announcing with encryption `on` or off.
 */
async function startDashboard(community: Community, e2ee: boolean): Promise<{ server: ServerProcess; token: string; stop: () => Promise<void> }> {
  const device = await login(community.hs, community.bot.localpart, community.bot.password, "bench");
  const env = communityEnv(community, {
    MATRIX_ACCESS_TOKEN: device.accessToken,
    PORT: "0",
    MODERATOR_NOTICES: "off",
    E2EE: e2ee ? "on" : "off",
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-e2ee-")),
  });
  const server = await startServerProcess(env, { npmStart: true });
  const stop = async () => {
    await server.stop();
    // Signs the bench device out again, so runs do not pile devices up on the cached homeserver.
    await new TestClient(community.hs.baseUrl, device.accessToken, community.bot.userId).request("POST", "/_matrix/client/v3/logout", {}).catch(() => {});
  };
  return { server, stop, token: await signInTo(server, community.moderators[0]!) };
}

export async function benchAnnounceEncrypted(log: (line: string) => void): Promise<BenchResult[]> {
  const { synapse, community, seed } = await seededHomeserver(log);
  await setRateLimitOverride(community.bot.client, community.bot.userId, true);
  const settle = () => new Promise((r) => setTimeout(r, 2000));
  try {
    const plainServer = await startDashboard(community, false);
    let plainRss: number;
    try {
      await announce(plainServer.server, plainServer.token, seed.plain, "bench: warm-up");
      plainRss = residentMb(plainServer.server);
    } finally {
      await plainServer.stop();
    }

    const { server, token, stop } = await startDashboard(community, true);
    try {
      const openRss = residentMb(server);
      log("first encrypted announcement: sharing room keys with every member's device");
      const sharing = await announce(server, token, seed.encrypted, "bench: keys shared");
      await settle();
      const encrypted = await announce(server, token, seed.encrypted, "bench: encrypted");
      await settle();
      const plain = await announce(server, token, seed.plain, "bench: plain");
      const ratio = plain / encrypted;
      const afterRss = residentMb(server);
      return [
        {
          name: `announce to ${ROOMS} encrypted rooms (${MEMBERS} members' devices each, keys shared) against ${ROOMS} plain rooms, same run`,
          value: encrypted / 1000,
          unit: "s",
          goal: `≥ ${THROUGHPUT_GOAL}× the plain throughput`,
          met: ratio >= THROUGHPUT_GOAL,
          baseline: { name: `the same announcement to ${ROOMS} plain rooms`, value: plain / 1000 },
          ratio,
          ratioGoal: THROUGHPUT_GOAL,
          extra:
            `${(ROOMS / (encrypted / 1000)).toFixed(0)} encrypted rooms/s against ${(ROOMS / (plain / 1000)).toFixed(0)} plain; ` +
            `the first announcement, which also shares a room key per room with ${MEMBERS} devices, took ${(sharing / 1000).toFixed(1)} s`,
        },
        {
          name: "server memory (RSS) with the crypto store open",
          value: afterRss,
          unit: "MB",
          goal: "≤ 1.5× the server with E2EE=off after the same announcements",
          met: afterRss <= plainRss * 1.5,
          extra: `${openRss.toFixed(0)} MB right after start with the store open; ${plainRss.toFixed(0)} MB with E2EE=off after announcing to ${ROOMS} rooms`,
        },
      ];
    } finally {
      await stop();
    }
  } finally {
    await setRateLimitOverride(community.bot.client, community.bot.userId, false).catch(() => {});
    await synapse.stop();
  }
}
