import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { SyncChange } from "../../../shared/sync.ts";
import { isNotFound } from "../../kernel/errors/homeserver-failure.ts";
import { adminAccount, deactivateAccount, putAdminAccount, type AdminAccount } from "../../kernel/matrix/admin.ts";
import { welcomeContent, welcomeTxnId } from "./welcome.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";

export type StepOutcome = { id: string; state: "done" | "skipped"; note?: string };

type Step<K extends SyncChange["kind"]> = Extract<SyncChange, { kind: K }>;
type StepContext = { app: AppContext; jobId: string };

async function adminUser(app: AppContext, userId: string): Promise<AdminAccount | undefined> {
  try {
    return await adminAccount(app.bot, userId);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function createAccount({ app }: StepContext, step: Step<"create-account">): Promise<StepOutcome> {
  if (await adminUser(app, step.userId)) return { id: step.id, state: "skipped", note: "account already exists" };
  // No password: the person signs in through Authentik, which Synapse links by this external id.
  await putAdminAccount(app.bot, step.userId, {
    displayname: step.displayName,
    external_ids: [{ auth_provider: step.authProvider, external_id: step.externalId }],
  });
  return { id: step.id, state: "done" };
}

async function setDisplayName({ app }: StepContext, step: Step<"set-display-name">): Promise<StepOutcome> {
  const current = await adminUser(app, step.userId);
  if (!current) throw ApiError.notFound(`${step.userId} has no account any more.`).saying("accountGone", { user: step.userId });
  if (current.displayname === step.to) return { id: step.id, state: "skipped", note: "already set" };
  await putAdminAccount(app.bot, step.userId, { displayname: step.to });
  return { id: step.id, state: "done" };
}

async function invite({ app }: StepContext, step: Step<"invite">): Promise<StepOutcome> {
  const membership = await app.bot.membershipOf(step.roomId, step.userId);
  if (membership === "join" || membership === "invite") return { id: step.id, state: "skipped", note: `already ${membership === "join" ? "joined" : "invited"}` };
  if (membership === "ban") throw ApiError.conflict(`${step.userId} is banned from ${step.roomId}.`, "Unban them first if that is wrong.").saying("userBannedFromRoom", { user: step.userId, room: step.roomId });
  await app.bot.inviteUser(step.userId, step.roomId);
  return { id: step.id, state: "done" };
}

async function welcome({ app, jobId }: StepContext, step: Step<"welcome">): Promise<StepOutcome> {
  const store = app.syncStore;
  if (store.hasWelcomed(step.userId)) return { id: step.id, state: "skipped", note: "welcomed before" };
  const content = welcomeContent(store.welcomeTemplate(), { displayName: step.displayName, userId: step.userId, username: step.username });
  const eventId = await app.bot.sendMessage(step.roomId, content, { mentions: { user_ids: [step.userId] }, txnId: welcomeTxnId(jobId, step.userId) });
  store.recordWelcome(step.userId, step.roomId, eventId);
  return { id: step.id, state: "done" };
}

async function kick({ app }: StepContext, step: Step<"kick">): Promise<StepOutcome> {
  const membership = await app.bot.membershipOf(step.roomId, step.userId);
  if (membership !== "join" && membership !== "invite" && membership !== "knock") return { id: step.id, state: "skipped", note: "not in the room" };
  await app.bot.kickUser(step.userId, step.roomId, `Authentik sync: ${step.why}`);
  return { id: step.id, state: "done" };
}

async function deactivate({ app }: StepContext, step: Step<"deactivate-account">): Promise<StepOutcome> {
  const current = await adminUser(app, step.userId);
  if (!current || current.deactivated) return { id: step.id, state: "skipped", note: current ? "already deactivated" : "no account" };
  await deactivateAccount(app.bot, step.userId, { erase: false });
  return { id: step.id, state: "done" };
}

async function writeBack({ app }: StepContext, step: Step<"write-back">): Promise<StepOutcome> {
  if (!app.authentik) throw ApiError.conflict("Authentik is not configured any more.").saying("authentikOff");
  await app.authentik.mergeAttributes(step.authentikPk, { [step.attribute]: step.userId });
  return { id: step.id, state: "done" };
}

/** Performs one person's step; each checks the current state first, so running it again is harmless. */
export function runUserStep(ctx: StepContext, step: SyncChange): Promise<StepOutcome> {
  switch (step.kind) {
    case "create-account":
      return createAccount(ctx, step);
    case "set-display-name":
      return setDisplayName(ctx, step);
    case "invite":
      return invite(ctx, step);
    case "welcome":
      return welcome(ctx, step);
    case "kick":
      return kick(ctx, step);
    case "deactivate-account":
      return deactivate(ctx, step);
    case "write-back":
      return writeBack(ctx, step);
    case "set-power-level":
      throw new Error("power levels run per room");
  }
}

/** One read-modify-write of a room's power levels for all its changes; records what the sync granted. */
export async function runPowerSteps(app: AppContext, roomId: string, steps: Step<"set-power-level">[]): Promise<StepOutcome[]> {
  let outcomes: StepOutcome[] = [];
  const store = app.syncStore;
  await app.bot.updatePowerLevels(roomId, (current) => {
    const users = current.users!;
    const usersDefault = current.users_default ?? 0;
    outcomes = [];
    for (const step of steps) {
      const level = users[step.userId] ?? usersDefault;
      const applies = step.grant ? level < step.to : level === step.from;
      if (!applies) {
        outcomes.push({ id: step.id, state: "skipped", note: `level is ${level} now` });
        continue;
      }
      if (step.to === usersDefault) delete users[step.userId];
      else users[step.userId] = step.to;
      outcomes.push({ id: step.id, state: "done" });
    }
    return outcomes.some((o) => o.state === "done") ? current : undefined;
  });
  store.recordGrants(steps.filter((s) => s.grant).map((s) => ({ roomId, userId: s.userId, level: s.to })));
  for (const s of steps.filter((s) => !s.grant)) store.dropGrant(roomId, s.userId);
  return outcomes;
}
