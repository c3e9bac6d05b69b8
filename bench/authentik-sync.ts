import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AuthentikClient } from "../server/kernel/authentik/client.ts";
import { Synapse } from "../test/synapse/synapse.ts";
import { seedCommunity, communityEnv, setRateLimitOverride, type Community } from "../test/synapse/community.ts";
import { FakeAuthentik } from "../test/fakes/authentik/fake-authentik.ts";
import { startServerProcess, signInTo } from "../test/helpers/server-process.ts";
import { formatResult, type BenchResult } from "./result.ts";

const PEOPLE = 10_000;
const MODERATORS = 5;
const GAMERS = 200;
const MB = 1024 * 1024;

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const mxid = (c: Community, username: string) => `@${c.tag}-${username}:${c.hs.serverName}`;

/** Matrix already matches Authentik: accounts with their names, group room invites, moderator levels. */
async function seedMatrix(c: Community, fake: FakeAuthentik, gamesRoomId: string, log: (line: string) => void): Promise<void> {
  const bot = c.bot.client;
  await setRateLimitOverride(bot, c.bot.userId, true);
  const started = Date.now();
  let done = 0;
  await pool(fake.users, 8, async (u) => {
    await bot.request("PUT", `/_synapse/admin/v2/users/${encodeURIComponent(mxid(c, u.username))}`, {
      displayname: u.name,
      external_ids: [{ auth_provider: "oidc-authentik", external_id: u.uid }],
    });
    if (++done % 1000 === 0) log(`seeded ${done}/${PEOPLE} accounts (${Math.round((Date.now() - started) / 1000)} s)`);
  });
  const moderators = fake.users.slice(0, MODERATORS).map((u) => mxid(c, u.username));
  const gamers = fake.users.slice(0, GAMERS).map((u) => mxid(c, u.username));
  await pool(moderators, 4, (u) => bot.invite(c.moderatorRoom.roomId, u));
  await pool(gamers, 4, (u) => bot.invite(gamesRoomId, u));
  for (const roomId of [c.moderatorRoom.roomId, gamesRoomId]) {
    const pl = await bot.state(roomId, "m.room.power_levels");
    pl.users = { ...pl.users, ...Object.fromEntries(moderators.map((u) => [u, 50])) };
    await bot.sendState(roomId, "m.room.power_levels", "", pl);
  }
  await setRateLimitOverride(bot, c.bot.userId, false);
}

/** What a first version would do: read Authentik the same way, then ask Matrix about each person in turn. */
async function naiveSync(c: Community, fake: FakeAuthentik, gamesRoomId: string): Promise<number> {
  const authentik = new AuthentikClient({ url: fake.url, token: fake.token, pageSize: 100, timeoutMs: 15_000 });
  const { users } = await authentik.listUsers();
  const gamers = new Set(fake.group("gamers").users);
  let differences = 0;
  for (const u of users) {
    const userId = mxid(c, u.username);
    const account = await c.bot.client.request("GET", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`);
    if (account.displayname !== u.name) differences++;
    if (gamers.has(u.pk)) {
      const member = await c.bot.client.state(gamesRoomId, "m.room.member", userId);
      if (member.membership !== "invite" && member.membership !== "join") differences++;
    }
  }
  return differences;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** `npm run bench authentik-sync`: a full sync of 10,000 people that finds nothing to change. */
export async function benchAuthentikSync(log: (line: string) => void): Promise<BenchResult[]> {
  const synapse = await Synapse.create({ log });
  await synapse.start();
  const fake = await FakeAuthentik.start({
    users: PEOPLE,
    usernamePrefix: "m",
    groups: ["moderators", "gamers"],
    groupsOf: (i) => [...(i <= MODERATORS ? ["moderators"] : []), ...(i <= GAMERS ? ["gamers"] : [])],
  });
  try {
    const c = await seedCommunity(synapse.info(), { moderators: 1, members: 0, extraRooms: 1, tag: "bench" });
    const games = c.rooms[0]!.roomId;
    await seedMatrix(c, fake, games, log);
    const server = await startServerProcess(
      communityEnv(c, {
        PORT: "0",
        LOG_LEVEL: "warn",
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-sync-")),
        // A 10,000-member default room would take Synapse (on SQLite) many minutes to seed; the sync
        // reads it with one /members request, as it reads the group room here.
        MATRIX_DEFAULT_ROOM_ALIAS: "",
        AUTHENTIK_URL: fake.url,
        AUTHENTIK_TOKEN: fake.token,
        AUTHENTIK_LOCALPART_TEMPLATE: `${c.tag}-{username}`,
        AUTHENTIK_MODERATOR_GROUP: "moderators",
        AUTHENTIK_SYNC_INTERVAL_MINUTES: "0",
      }),
    );
    try {
      const token = await signInTo(server, c.moderators[0]!);
      const mapped = await server.api("POST", "/api/actions/sync.map-group-rooms/apply", { token, body: { group: "gamers", rooms: [games] } });
      if (mapped.status !== 200) throw new Error(`mapping the group room failed: ${mapped.text}`);
      const idleRss = server.peakRss();
      const noop = async () => {
        const res = await server.api("POST", "/api/actions/sync.accounts/plan", { token, body: { scope: "full" } });
        if (res.status !== 200) throw new Error(`plan failed: ${res.text}`);
        return res.body.plan;
      };
      fake.requests.length = 0;
      const cold = await timed(noop);
      const pages = fake.userListRequests().length;
      const peakRss = server.peakRss();
      const warm = await timed(noop);
      if (cold.value.total !== 0) throw new Error(`the seeded state should need no change; the plan has ${JSON.stringify(cold.value.counts)}`);
      log(`no-op sync: ${(cold.ms / 1000).toFixed(2)} s cold, ${(warm.ms / 1000).toFixed(2)} s warm; running the naive baseline`);
      const naive = await timed(() => naiveSync(c, fake, games));
      if (naive.value !== 0) throw new Error(`the naive baseline found ${naive.value} differences`);
      return [
        {
          name: `Authentik no-op sync, ${PEOPLE.toLocaleString("en")} users`,
          value: cold.ms / 1000,
          unit: "s",
          goal: "< 3 s",
          met: cold.ms < 3000,
          baseline: { name: "naive per-user Matrix lookups", value: naive.ms / 1000 },
          ratio: naive.ms / cold.ms,
          ratioGoal: 5,
          extra: `warm run ${(warm.ms / 1000).toFixed(3)} s; ${pages} Authentik pages of 100; ${cold.value.read.users} users read, 0 changes`,
        },
        {
          name: `Authentik no-op sync, ${PEOPLE.toLocaleString("en")} users, dashboard peak RSS`,
          value: peakRss / MB,
          unit: "MB",
          goal: "< 200 MB",
          met: peakRss < 200 * MB,
          extra: `the server process's high-water mark (VmHWM); ${(idleRss / MB).toFixed(0)} MB before the sync`,
        },
      ];
    } finally {
      server.child.kill("SIGTERM");
    }
  } finally {
    await fake.stop();
    await synapse.stop();
    synapse.destroy();
  }
}

// Until bench/run.ts lists it: `node bench/authentik-sync.ts` runs it alone.
if (import.meta.main) {
  for (const result of await benchAuthentikSync((line) => process.stderr.write(`  … ${line}\n`))) process.stdout.write(formatResult(result) + "\n");
}
