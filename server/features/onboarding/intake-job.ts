import { createHash } from "node:crypto";
import { defineJobKind } from "../../kernel/runtime/job-kind.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { SyncStore } from "../../kernel/store/sync-store.ts";
import type { IntakePerson } from "../../../shared/onboarding.ts";
import { isTransient, saidOf } from "../sync/apply-job.ts";
import { said } from "../../../shared/said.ts";
import { withKeyLock } from "../../kernel/matrix/key-lock.ts";
import { welcomeTxnId } from "../sync/welcome.ts";

export const INTAKE_JOB = "onboarding.intake";

export type IntakeItem = { person: IntakePerson; intakeRoomId: string; defaultRoomId: string };
type Outcome = { step: string; state: "done" | "skipped"; note?: string };

/** Memberships, invites, messages and the kick; the sync's record of who was welcomed. */
type IntakeJobCaps = {
  bot: Pick<Bot, "membershipOf" | "inviteUser" | "sendMessage" | "kickUser">;
  syncStore: Pick<SyncStore, "hasWelcomed" | "recordWelcome">;
};

const farewellTxnId = (jobId: string, userId: string) => `farewell-${jobId}-${createHash("sha256").update(userId).digest("hex").slice(0, 16)}`;

/** A message addressed to the person: it notifies them and no one else. */
function send(caps: IntakeJobCaps, roomId: string, txnId: string, userId: string, body: string): Promise<string> {
  return caps.bot.sendMessage(roomId, { msgtype: "m.text", body }, { mentions: { user_ids: [userId] }, txnId });
}

/** Each step looks before it acts, and messages carry a transaction id per job and person: a rerun repeats nothing. */
async function* steps(caps: IntakeJobCaps, jobId: string, item: IntakeItem): AsyncGenerator<Outcome> {
  const { person, intakeRoomId, defaultRoomId } = item;
  for (const { roomId } of person.rooms) {
    const step = `invite ${roomId}`;
    const membership = await caps.bot.membershipOf(roomId, person.userId);
    if (membership === "join" || membership === "invite") yield { step, state: "skipped", note: `already ${membership === "join" ? "joined" : "invited"}` };
    else if (membership === "ban") throw ApiError.conflict(`${person.userId} is banned from ${roomId}.`, "Unban them first if that is wrong.").saying("userBannedFromRoom", { user: person.userId, room: roomId });
    else {
      await caps.bot.inviteUser(person.userId, roomId);
      yield { step, state: "done" };
    }
  }
  const store = caps.syncStore;
  if (person.welcome === null || store.hasWelcomed(person.userId)) yield { step: "welcome", state: "skipped", note: "welcomed before" };
  else {
    store.recordWelcome(person.userId, defaultRoomId, await send(caps, defaultRoomId, welcomeTxnId(jobId, person.userId), person.userId, person.welcome));
    yield { step: "welcome", state: "done" };
  }
  const inIntake = await caps.bot.membershipOf(intakeRoomId, person.userId);
  if (inIntake !== "join") {
    yield { step: "farewell", state: "skipped", note: "no longer in the intake room" };
    yield { step: "remove", state: "skipped", note: "no longer in the intake room" };
    return;
  }
  await send(caps, intakeRoomId, farewellTxnId(jobId, person.userId), person.userId, person.farewell);
  yield { step: "farewell", state: "done" };
  await caps.bot.kickUser(person.userId, intakeRoomId, person.kickReason);
  yield { step: "remove", state: "done" };
}

/** Lets one person in per item: invites, welcome, farewell in the intake room, then out of it. */
export const intakeJob = defineJobKind<null, IntakeItem, IntakeJobCaps>({
  kind: INTAKE_JOB,
  concurrency: 2,
  capabilities: (app) => ({ bot: app.bot, syncStore: app.syncStore }),
  async runItem(ctx, _params, item) {
    return withKeyLock(`user ${item.data.person.userId}`, async () => {
      const outcomes: Outcome[] = [];
      try {
        for await (const outcome of steps(ctx.caps, ctx.job.id, item.data)) outcomes.push(outcome);
      } catch (err) {
        if (isTransient(err)) throw err;
        return { state: "failed" as const, message: saidOf(err), result: { steps: outcomes } };
      }
      const done = outcomes.some((o) => o.state === "done");
      return { state: done ? ("done" as const) : ("skipped" as const), message: done ? undefined : said("itemNothingLeft", "nothing left to do"), result: { steps: outcomes } };
    });
  },
});
