import { describe, expect, it } from "vitest";
import { intakeJob } from "../../../server/features/onboarding/intake-job.ts";
import { SyncStore } from "../../../server/kernel/store/sync-store.ts";
import type { IntakePerson } from "../../../shared/onboarding.ts";
import { BOT, FakeBot, jobContext, jobItem } from "../../fakes/own/bot.ts";
import { memoryStore } from "../../fakes/own/rooms.ts";

const ADMIN = "@admin:example.org";
const KIM = "@kim:example.org";
const INTAKE = "!intake:example.org";
const LOBBY = "!lobby:example.org"; // the default room
const CLUB = "!club:example.org";

const kim: IntakePerson = {
  userId: KIM,
  displayName: "Kim",
  authentikUsername: "kim",
  rooms: [{ roomId: LOBBY, because: "default" }, { roomId: CLUB, because: "group" }],
  welcome: "Welcome Kim!",
  farewell: "Off you go, Kim",
  kickReason: "let into the community",
};

function world(kimIn: { intake?: string; club?: string }) {
  const room = (kimAs?: string) => ({ creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: { [BOT]: "join", ...(kimAs ? { [KIM]: kimAs } : {}) } });
  const bot = new FakeBot({ [INTAKE]: room(kimIn.intake), [LOBBY]: room(), [CLUB]: room(kimIn.club) });
  const syncStore = new SyncStore(memoryStore().db);
  return { bot, syncStore, caps: { bot, syncStore } };
}

const letIn = (caps: ReturnType<typeof world>["caps"], person = kim, attempts = 0) =>
  intakeJob.runItem(jobContext(caps, "intake-1"), null, jobItem({ person, intakeRoomId: INTAKE, defaultRoomId: LOBBY }, { attempts, key: person.userId }));

describe("the intake job's item, run against fakes of our own adapters", () => {
  it("lets someone in once: invites, one welcome, farewell and out of the intake room; run again it repeats nothing", async () => {
    const { bot, caps, syncStore } = world({ intake: "join" });
    expect(await letIn(caps)).toMatchObject({ state: "done" });
    expect(bot.writes.map((w) => `${w.op} ${w.room}`)).toEqual([`invite ${LOBBY}`, `invite ${CLUB}`, `message ${LOBBY}`, `message ${INTAKE}`, `kick ${INTAKE}`]);
    expect(syncStore.hasWelcomed(KIM)).toBe(true);
    const writes = bot.writes.length;
    expect(await letIn(caps, kim, 1)).toMatchObject({ state: "skipped", message: { code: "itemNothingLeft" } });
    expect(bot.writes).toHaveLength(writes);
  });

  it("someone banned from a group room fails before any welcome, and someone who left the intake room gets no farewell nor kick", async () => {
    const banned = world({ intake: "join", club: "ban" });
    expect(await letIn(banned.caps)).toMatchObject({ state: "failed", message: { code: "userBannedFromRoom" } });
    expect(banned.bot.writes.map((w) => w.op)).toEqual(["invite"]);
    expect(banned.syncStore.hasWelcomed(KIM)).toBe(false);

    const left = world({ intake: "leave" });
    const outcome = await letIn(left.caps);
    expect(outcome).toMatchObject({ state: "done", result: { steps: expect.arrayContaining([{ step: "farewell", state: "skipped", note: "no longer in the intake room" }]) } });
    expect(left.bot.writes.map((w) => `${w.op} ${w.room}`)).toEqual([`invite ${LOBBY}`, `invite ${CLUB}`, `message ${LOBBY}`]);
  });
});
