import { describe, expect, it } from "vitest";
import { mapGroupRooms } from "../../../server/features/sync/map-group-rooms.ts";
import { SyncStore } from "../../../server/kernel/store/sync-store.ts";
import { BOT, FakeBot, MODERATOR_ROOM, capsContext, fakeModerators, person } from "../../fakes/own/bot.ts";
import { memoryStore } from "../../fakes/own/rooms.ts";

const GARDEN = "!garden:example.org";
const KITCHEN = "!kitchen:example.org";
const ELSEWHERE = "!elsewhere:example.org"; // the bot is not in it
const MOD = "@mod:example.org"; // moderator at 50
const ADMIN = "@admin:example.org"; // admin at 100

/** The moderator room and two community rooms the bot is in, one it is not; a fresh store each test. */
function world() {
  const members = { [BOT]: "join", [ADMIN]: "join", [MOD]: "join" };
  const bot = new FakeBot({
    // Only admins may change the moderator room's levels (Matrix's rule, which the dashboard follows there).
    [MODERATOR_ROOM]: { creator: ADMIN, powerLevels: { users: { [ADMIN]: 100, [MOD]: 50, [BOT]: 100 }, events: { "m.room.power_levels": 100 } }, members: { ...members } },
    [GARDEN]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: { ...members } },
    [KITCHEN]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: { ...members } },
    [ELSEWHERE]: { creator: ADMIN, powerLevels: { users: { [ADMIN]: 100 } }, members: { [ADMIN]: "join" } },
  });
  bot.aliases["#garden:example.org"] = GARDEN;
  const syncStore = new SyncStore(memoryStore().db);
  return { bot, syncStore, caps: { bot, moderators: fakeModerators(bot), syncStore } };
}

describe("sync.map-group-rooms planned against fakes of our adapters", () => {
  it("resolves aliases, plans what is added and removed, and apply saves the mapping and asks for a full scan", async () => {
    const { syncStore, caps } = world();
    syncStore.setGroupRooms("gardeners", [KITCHEN]);
    syncStore.setLastFullScanAt("2026-01-01T00:00:00.000Z");
    const ctx = capsContext(caps, person(MOD, 50));
    const input = { group: "gardeners", rooms: ["#garden:example.org", GARDEN] };
    const plan = await mapGroupRooms.plan(ctx, input);
    expect(plan).toEqual({ group: "gardeners", before: [KITCHEN], after: [GARDEN], added: [GARDEN], removed: [KITCHEN] });
    expect(syncStore.groupRooms().get("gardeners")).toEqual([KITCHEN]); // planning changed nothing
    expect(await mapGroupRooms.apply(ctx, plan, input)).toEqual({ group: "gardeners", rooms: [GARDEN] });
    expect(syncStore.groupRooms().get("gardeners")).toEqual([GARDEN]);
    expect(syncStore.lastFullScanAt()).toBeUndefined();
  });

  it("refuses a room the bot is not in, and an alias that does not resolve, naming the room", async () => {
    const { caps } = world();
    const ctx = capsContext(caps, person(MOD, 50));
    await expect(mapGroupRooms.plan(ctx, { group: "gardeners", rooms: [ELSEWHERE] })).rejects.toMatchObject({ status: 400, said: { code: "botNotInRoom" } });
    await expect(mapGroupRooms.plan(ctx, { group: "gardeners", rooms: ["#nowhere:example.org"] })).rejects.toMatchObject({ status: 400, said: { code: "roomUnresolved" } });
  });

  it("lets only someone Matrix allows to grant that level sync a mapped group into the moderator room", async () => {
    const { caps, syncStore } = world();
    syncStore.setGroupLevel("stewards", 50);
    const input = { group: "stewards", rooms: [MODERATOR_ROOM] };
    await expect(mapGroupRooms.plan(capsContext(caps, person(MOD, 50)), input)).rejects.toMatchObject({ status: 403 });
    expect((await mapGroupRooms.plan(capsContext(caps, person(ADMIN, 100)), input)).added).toEqual([MODERATOR_ROOM]);
  });
});
