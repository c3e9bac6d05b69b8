import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { Synapse } from "../test/synapse/synapse.ts";
import { seedCommunity, setRateLimitOverride, type Community } from "../test/synapse/community.ts";
import { cacheDir } from "../test/synapse/install.ts";
import { TestClient } from "../test/synapse/client.ts";

export type BenchHomeserver = { synapse: Synapse; community: Community; rooms: string[] };

type SeedRecord = { community: Omit<Community, "hs">; rooms: string[] };

/** Runs `work` over items with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

/**
 * A Synapse with a community and `count` extra rooms, kept under .cache/bench so later runs start
 * in seconds (the benchmarks measure the dashboard, not the seeding).
 */
export async function benchHomeserver(name: string, count: number, log: (line: string) => void): Promise<BenchHomeserver> {
  const dir = path.join(cacheDir, "bench", name);
  mkdirSync(dir, { recursive: true });
  const synapse = await Synapse.reuse(dir, { log });
  await synapse.start();
  const recordPath = path.join(dir, "seed.json");
  let record: SeedRecord | undefined = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, "utf8")) : undefined;
  if (!record) {
    const community = await seedCommunity(synapse, { moderators: 2, members: 3, extraRooms: 2, tag: "bench" });
    await setRateLimitOverride(community.bot.client, community.bot.userId, true);
    const rooms: string[] = [];
    const started = Date.now();
    await pool(
      Array.from({ length: count }, (_, i) => i),
      4,
      async (i) => {
        rooms.push(await community.bot.client.createRoom({ preset: "private_chat", name: `Bench room ${String(i).padStart(5, "0")}` }));
        if (rooms.length % 500 === 0) log(`seeded ${rooms.length}/${count} rooms (${Math.round((Date.now() - started) / 1000)} s)`);
      },
    );
    await setRateLimitOverride(community.bot.client, community.bot.userId, false);
    const { hs: _hs, ...rest } = community;
    record = { community: rest, rooms };
    writeFileSync(recordPath, JSON.stringify(record));
  }
  const c = record.community;
  const revive = <P extends { accessToken: string; userId: string }>(p: P) => ({ ...p, client: new TestClient(synapse.baseUrl, p.accessToken, p.userId) });
  const community: Community = {
    ...c,
    hs: synapse.info(),
    bot: revive(c.bot),
    moderators: c.moderators.map(revive),
    members: c.members.map(revive),
  };
  return { synapse, community, rooms: record.rooms };
}
