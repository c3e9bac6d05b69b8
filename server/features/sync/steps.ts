import type { SyncChange } from "../../../shared/sync.ts";
import { isNotFound } from "../../kernel/errors/homeserver-failure.ts";
import { adminAccount, deactivateAccount, putAdminAccount, type AdminAccount } from "../../kernel/matrix/admin.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { SyncStore } from "../../kernel/store/sync-store.ts";
import type { AuthentikClient } from "../../kernel/authentik/client.ts";
import { welcomeContent, welcomeTxnId } from "./welcome.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";

export type StepOutcome = { id: string; state: "done" | "skipped"; note?: string };

type Step<K extends SyncChange["kind"]> = Extract<SyncChange, { kind: K }>;

/** Synapse's account admin API as the steps use it (kernel/matrix/admin.ts keeps its wire format). */
export type AccountAdmin = {
  /** Throws a not-found when there is no such account. */
  get(userId: string): Promise<AdminAccount>;
  put(userId: string, body: Record<string, unknown>): Promise<void>;
  deactivate(userId: string, options: { erase: boolean }): Promise<void>;
};

export function accountAdmin(bot: Bot): AccountAdmin {
  return {
    get: (userId) => adminAccount(bot, userId),
    put: (userId, body) => putAdminAccount(bot, userId, body),
    deactivate: (userId, options) => deactivateAccount(bot, userId, options),
  };
}

/** What applying a sync plan touches: rooms through the bot, accounts, the sync's records, Authentik's write-back. */
export type SyncJobCaps = {
  bot: Pick<Bot, "membershipOf" | "inviteUser" | "kickUser" | "sendMessage" | "updatePowerLevels">;
  accounts: AccountAdmin;
  syncStore: Pick<SyncStore, "hasWelcomed" | "welcomeTemplate" | "recordWelcome" | "recordGrants" | "dropGrant" | "forgetUser">;
  /** Absent when Authentik is not configured (a write-back step then fails). */
  authentik: Pick<AuthentikClient, "mergeAttributes"> | undefined;
};

type StepContext = { caps: SyncJobCaps; jobId: string };

async function adminUser(caps: Pick<SyncJobCaps, "accounts">, userId: string): Promise<AdminAccount | undefined> {
  try {
    return await caps.accounts.get(userId);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function createAccount({ caps }: StepContext, step: Step<"create-account">): Promise<StepOutcome> {
  if (await adminUser(caps, step.userId)) return { id: step.id, state: "skipped", note: "account already exists" };
  // No password: the person signs in through Authentik, which Synapse links by this external id.
  await caps.accounts.put(step.userId, {
    displayname: step.displayName,
    external_ids: [{ auth_provider: step.authProvider, external_id: step.externalId }],
  });
  return { id: step.id, state: "done" };
}

async function setDisplayName({ caps }: StepContext, step: Step<"set-display-name">): Promise<StepOutcome> {
  const current = await adminUser(caps, step.userId);
  if (!current) throw ApiError.notFound(`${step.userId} has no account any more.`).saying("accountGone", { user: step.userId });
  if (current.displayname === step.to) return { id: step.id, state: "skipped", note: "already set" };
  await caps.accounts.put(step.userId, { displayname: step.to });
  return { id: step.id, state: "done" };
}

async function invite({ caps }: StepContext, step: Step<"invite">): Promise<StepOutcome> {
  const membership = await caps.bot.membershipOf(step.roomId, step.userId);
  if (membership === "join" || membership === "invite") return { id: step.id, state: "skipped", note: `already ${membership === "join" ? "joined" : "invited"}` };
  if (membership === "ban") throw ApiError.conflict(`${step.userId} is banned from ${step.roomId}.`, "Unban them first if that is wrong.").saying("userBannedFromRoom", { user: step.userId, room: step.roomId });
  await caps.bot.inviteUser(step.userId, step.roomId);
  return { id: step.id, state: "done" };
}

async function welcome({ caps, jobId }: StepContext, step: Step<"welcome">): Promise<StepOutcome> {
  const store = caps.syncStore;
  if (store.hasWelcomed(step.userId)) return { id: step.id, state: "skipped", note: "welcomed before" };
  const content = welcomeContent(store.welcomeTemplate(), { displayName: step.displayName, userId: step.userId, username: step.username });
  const eventId = await caps.bot.sendMessage(step.roomId, content, { mentions: { user_ids: [step.userId] }, txnId: welcomeTxnId(jobId, step.userId) });
  store.recordWelcome(step.userId, step.roomId, eventId);
  return { id: step.id, state: "done" };
}

async function kick({ caps }: StepContext, step: Step<"kick">): Promise<StepOutcome> {
  const membership = await caps.bot.membershipOf(step.roomId, step.userId);
  if (membership !== "join" && membership !== "invite" && membership !== "knock") return { id: step.id, state: "skipped", note: "not in the room" };
  await caps.bot.kickUser(step.userId, step.roomId, `Authentik sync: ${step.why}`);
  return { id: step.id, state: "done" };
}

async function deactivate({ caps }: StepContext, step: Step<"deactivate-account">): Promise<StepOutcome> {
  const current = await adminUser(caps, step.userId);
  if (!current || current.deactivated) return { id: step.id, state: "skipped", note: current ? "already deactivated" : "no account" };
  await caps.accounts.deactivate(step.userId, { erase: false });
  return { id: step.id, state: "done" };
}

async function writeBack({ caps }: StepContext, step: Step<"write-back">): Promise<StepOutcome> {
  if (!caps.authentik) throw ApiError.conflict("Authentik is not configured any more.").saying("authentikOff");
  await caps.authentik.mergeAttributes(step.authentikPk, { [step.attribute]: step.userId });
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
export async function runPowerSteps(caps: Pick<SyncJobCaps, "bot" | "syncStore">, roomId: string, steps: Step<"set-power-level">[]): Promise<StepOutcome[]> {
  let outcomes: StepOutcome[] = [];
  const store = caps.syncStore;
  await caps.bot.updatePowerLevels(roomId, (current) => {
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
