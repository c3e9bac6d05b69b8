import { describe, expect, it } from "vitest";
import { syncApplyJob } from "../../../server/features/sync/apply-job.ts";
import type { SyncItem } from "../../../server/features/sync/selection.ts";
import type { SyncChange } from "../../../shared/sync.ts";
import { SyncStore } from "../../../server/kernel/store/sync-store.ts";
import { HomeserverFailure } from "../../../server/kernel/errors/homeserver-failure.ts";
import { BOT, FakeBot, jobContext, jobItem } from "../../fakes/own/bot.ts";
import { fakeAccounts } from "../../fakes/own/accounts.ts";
import { memoryStore } from "../../fakes/own/rooms.ts";

const ADMIN = "@admin:example.org";
const ANA = "@ana:example.org";
const BEN = "@ben:example.org";
const CY = "@cy:example.org";
const GARDEN = "!garden:example.org";
const LOBBY = "!lobby:example.org";

type PowerStep = Extract<SyncChange, { kind: "set-power-level" }>;
const level = (userId: string, from: number, to: number, grant: boolean): PowerStep => ({ kind: "set-power-level", id: `set-power-level ${GARDEN} ${userId}`, userId, why: "group", roomId: GARDEN, from, to, grant });
/** A change as a plan holds it; its id and why do not matter to the item. */
const step = <K extends SyncChange["kind"]>(change: Omit<Extract<SyncChange, { kind: K }>, "id" | "why">) => ({ ...change, id: `${change.kind} ${change.userId}`, why: "Authentik" }) as unknown as SyncChange;

/** The bot, the accounts and the sync's own store (in memory) as a sync item sees them; `forgotten` records vanished people let go. */
function world(options: { authentik?: boolean } = {}) {
  const bot = new FakeBot({
    [GARDEN]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100, [ANA]: 50, [BEN]: 100, [CY]: 75 } }, members: { [BOT]: "join" } },
    [LOBBY]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: { [BOT]: "join", [ANA]: "ban" } },
  });
  const accounts = fakeAccounts({ [ANA]: { name: ANA, displayname: "Ana" } });
  const forgotten: number[] = [];
  const syncStore = Object.assign(new SyncStore(memoryStore().db), { forgetUser: (pk: number) => void forgotten.push(pk) });
  const mergedBack: string[] = [];
  const authentik = options.authentik ? { mergeAttributes: async (pk: number) => void mergedBack.push(String(pk)) } : undefined;
  return { bot, accounts, syncStore, forgotten, mergedBack, caps: { bot, accounts: accounts.admin, syncStore, authentik } };
}

const run = (caps: ReturnType<typeof world>["caps"], data: SyncItem, attempts = 0) => syncApplyJob.runItem(jobContext(caps, "sync-1"), null, jobItem(data, { attempts }));

describe("the sync job's items, run against fakes of our own adapters", () => {
  it("a power item lowers a level only while it is still the one the plan saw, and a grant never lowers anyone", async () => {
    const { bot, caps } = world();
    // Ana still has the 50 the sync gave her; Ben was raised to 100 by hand since; Cy is already above the 50 the group grants.
    const steps = [level(ANA, 50, 0, false), level(BEN, 50, 0, false), level(CY, 0, 50, true)];
    const outcome = await run(caps, { type: "power", roomId: GARDEN, steps });
    expect(outcome.state).toBe("done");
    expect((outcome.result as { steps: unknown[] }).steps).toEqual([
      { id: steps[0]!.id, state: "done" },
      { id: steps[1]!.id, state: "skipped", note: "level is 100 now" },
      { id: steps[2]!.id, state: "skipped", note: "level is 75 now" },
    ]);
    expect(bot.rooms[GARDEN]!.powerLevels.users).toEqual({ [BOT]: 100, [BEN]: 100, [CY]: 75 });
  });

  it("a person's steps stop at the first that fails: someone banned from a room is not welcomed, nor forgotten", async () => {
    const { bot, caps, forgotten, syncStore } = world();
    const steps = [step<"invite">({ kind: "invite", userId: ANA, roomId: LOBBY }), step<"welcome">({ kind: "welcome", userId: ANA, roomId: LOBBY, displayName: "Ana", username: "ana" })];
    const outcome = await run(caps, { type: "user", userId: ANA, steps, forgetPk: 7 });
    expect(outcome).toMatchObject({ state: "failed", message: { code: "syncStepFailed", params: { reasonCode: "userBannedFromRoom" } }, result: { steps: [], failed: steps[0]!.id } });
    expect(bot.writes).toEqual([]);
    expect(syncStore.hasWelcomed(ANA)).toBe(false);
    expect(forgotten).toEqual([]);
  });

  it("run again (as after a crash), a finished person's steps find everything done and repeat nothing", async () => {
    const { bot, caps, accounts, syncStore, forgotten } = world();
    const steps = [
      step<"create-account">({ kind: "create-account", userId: BEN, displayName: "Ben", externalId: "ben-1", authProvider: "oidc", authentikPk: 2 }),
      step<"invite">({ kind: "invite", userId: BEN, roomId: GARDEN }),
      step<"welcome">({ kind: "welcome", userId: BEN, roomId: GARDEN, displayName: "Ben", username: "ben" }),
    ];
    const item: SyncItem = { type: "user", userId: BEN, steps, forgetPk: null };
    expect(await run(caps, item)).toMatchObject({ state: "done" });
    const writes = [...bot.writes];
    expect(writes.map((w) => w.op)).toEqual(["invite", "message"]);
    expect(syncStore.hasWelcomed(BEN)).toBe(true);
    expect(await run(caps, item, 1)).toMatchObject({ state: "skipped", message: { code: "itemNothingLeft" } });
    expect(bot.writes).toEqual(writes);
    expect(accounts.writes).toEqual([`put ${BEN}`]);
    expect(forgotten).toEqual([]);
  });

  it("lets a vanished person go only after their steps went through, and fails a write-back when Authentik is gone", async () => {
    const { caps, forgotten } = world();
    const gone = step<"deactivate-account">({ kind: "deactivate-account", userId: ANA, authentikPk: 7 });
    expect(await run(caps, { type: "user", userId: ANA, steps: [gone], forgetPk: 7 })).toMatchObject({ state: "done" });
    expect(forgotten).toEqual([7]);
    const writeBack = step<"write-back">({ kind: "write-back", userId: CY, authentikPk: 3, attribute: "matrix_id" });
    expect(await run(caps, { type: "user", userId: CY, steps: [writeBack], forgetPk: null })).toMatchObject({ state: "failed", message: { code: "syncStepFailed", params: { reasonCode: "authentikOff" } } });
    const withAuthentik = world({ authentik: true });
    expect(await run(withAuthentik.caps, { type: "user", userId: CY, steps: [writeBack], forgetPk: null })).toMatchObject({ state: "done" });
    expect(withAuthentik.mergedBack).toEqual(["3"]);
  });

  it("hands a rate limit back to the runner (which waits and retries) instead of failing the person", async () => {
    const { caps } = world();
    caps.accounts.get = async () => {
      throw new HomeserverFailure({ status: 429, code: "rate_limited", message: "slow down", hint: "", retryAfterMs: 10 });
    };
    const create = step<"create-account">({ kind: "create-account", userId: CY, displayName: "Cy", externalId: "cy-1", authProvider: "oidc", authentikPk: 3 });
    await expect(run(caps, { type: "user", userId: CY, steps: [create], forgetPk: null })).rejects.toMatchObject({ code: "rate_limited" });
  });
});
