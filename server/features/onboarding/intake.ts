import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { IntakePerson, IntakePlan, IntakeStatus } from "../../../shared/onboarding.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { SyncStore } from "../../kernel/store/sync-store.ts";
import { renderWelcome } from "../sync/welcome.ts";
import { mappingRules } from "../sync/build-plan.ts";
import { desiredUsers } from "../sync/desired-state.ts";
import type { AuthentikUser } from "../../kernel/authentik/types.ts";
import { said, type Said } from "../../../shared/said.ts";

type IntakeRooms = { intakeRoomId: string; intakeRoom: string; defaultRoomId: string };

const NOT_CONFIGURED = "Set INTAKE_ROOM (the room where new people wait) and MATRIX_DEFAULT_ROOM_ALIAS in .env, then restart the dashboard.";

async function resolve(app: AppContext, ref: string, name: string): Promise<string> {
  try {
    return await app.bot.resolveRoom(ref);
  } catch (err) {
    throw ApiError.conflict(`${name} ${ref} cannot be resolved: ${describeMatrixFailure(err).message}`, "Check the alias in .env, and that the bot is in that room.").saying("intakeRoomUnresolved", { setting: name, room: ref });
  }
}

/** The intake and default rooms as IDs; a conflict naming the missing setting when either is not set. */
export async function intakeRooms(app: AppContext): Promise<IntakeRooms> {
  const { intakeRoom, defaultRoomAlias } = app.config;
  if (!intakeRoom || !defaultRoomAlias) throw ApiError.conflict("The intake room flow is not configured.", NOT_CONFIGURED).saying("intakeNotConfigured");
  const [intakeRoomId, defaultRoomId] = await Promise.all([resolve(app, intakeRoom, "INTAKE_ROOM"), resolve(app, defaultRoomAlias, "MATRIX_DEFAULT_ROOM_ALIAS")]);
  return { intakeRoomId, intakeRoom, defaultRoomId };
}

/** Joined members of a room with their display names (the bot must be in it). */
async function joinedMembers(app: AppContext, roomId: string): Promise<Map<string, string | null>> {
  const members = await app.bot.getJoinedRoomMembersWithProfiles(roomId);
  return new Map(Object.entries(members).map(([userId, p]) => [userId, p.display_name ?? null]));
}

/** People in the default room already (joined or invited): they are onboarded. */
async function onboarded(app: AppContext, defaultRoomId: string, userIds: string[]): Promise<Set<string>> {
  const states = await Promise.all(userIds.map((u) => app.bot.membershipOf(defaultRoomId, u)));
  return new Set(userIds.filter((_, i) => states[i] === "join" || states[i] === "invite"));
}

/** Who waits in the intake room: its joined members, not the bot, not yet in the default room. */
export async function intakeStatus(app: AppContext): Promise<IntakeStatus> {
  if (!app.config.intakeRoom || !app.config.defaultRoomAlias) return { configured: false, reason: NOT_CONFIGURED, said: said("intakeNotConfiguredHint", NOT_CONFIGURED) };
  const rooms = await intakeRooms(app);
  const members = await joinedMembers(app, rooms.intakeRoomId);
  members.delete(app.bot.userId);
  const done = await onboarded(app, rooms.defaultRoomId, [...members.keys()]);
  const candidates = [...members].filter(([userId]) => !done.has(userId)).map(([userId, displayName]) => ({ userId, displayName }));
  candidates.sort((a, b) => (a.displayName ?? a.userId).localeCompare(b.displayName ?? b.userId));
  return { configured: true, ...rooms, candidates };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The Authentik user behind a Matrix ID: someone the sync has seen, else the username the localpart
 * template yields backwards (an ID set only in attributes needs a sync first).
 */
async function authentikUserOf(app: AppContext, store: SyncStore, userId: string): Promise<AuthentikUser | undefined> {
  const client = app.authentik!;
  const known = store.knownUsers().find((k) => k.userId === userId);
  if (known) return client.getUser(known.authentikPk);
  const template = app.config.authentik!.localpartTemplate;
  if (!/^[^{}]*\{username\}[^{}]*$/.test(template)) return undefined;
  const [before, after] = template.split("{username}") as [string, string];
  const localpart = /^@([^:]+):/.exec(userId)?.[1] ?? "";
  const username = new RegExp(`^${escape(before)}(.+)${escape(after)}$`).exec(localpart)?.[1];
  if (!username) return undefined;
  const read = await client.listUsers({ username });
  return read.users.find((u) => u.username.toLowerCase() === username);
}

type Entitlement = { username: string; displayName: string; rooms: IntakePerson["rooms"] };

/** Rooms each picked person belongs in according to Authentik (their groups), for those Authentik knows. */
async function authentikEntitlements(app: AppContext, userIds: string[], defaultRoomId: string, warnings: Said[]): Promise<Map<string, Entitlement>> {
  const out = new Map<string, Entitlement>();
  if (!app.authentik || !app.config.authentik) return out;
  const store = app.syncStore;
  try {
    const [groups, moderatorRoomId] = await Promise.all([app.authentik.listGroups(), app.moderators.roomId()]);
    const rules = mappingRules(app, app.config.authentik, store, moderatorRoomId, defaultRoomId);
    for (const userId of userIds) {
      const user = await authentikUserOf(app, store, userId);
      const desired = user ? desiredUsers([user], groups, rules).users[0] : undefined;
      if (desired?.userId === userId && desired.active) out.set(userId, { username: desired.username, displayName: desired.displayName, rooms: desired.rooms.map((r) => ({ roomId: r.roomId, because: r.because.text })) });
    }
  } catch (err) {
    const cause = (err as Error).message;
    warnings.push(said("onboarding.authentik-unreadable", `Authentik could not be read (${cause}): people are let into the default room only.`, { cause }));
  }
  return out;
}

export const farewellText = (displayName: string) => `Welcome in, ${displayName}! You now have access to the community: see you there. 👋`;
export const KICK_REASON = "Onboarded: you have been let into the community, so you no longer need the intake room.";

/** Who the moderator picked, where each goes and what they are told; reads only. */
export async function planIntake(app: AppContext, userIds: string[]): Promise<IntakePlan> {
  const rooms = await intakeRooms(app);
  const members = await joinedMembers(app, rooms.intakeRoomId);
  const picked = [...new Set(userIds)];
  const waiting = picked.filter((u) => members.has(u) && u !== app.bot.userId);
  const warnings: Said[] = [];
  const entitled = await authentikEntitlements(app, waiting, rooms.defaultRoomId, warnings);
  const store = app.syncStore;
  const template = store.welcomeTemplate();
  const people = waiting.map((userId): IntakePerson => {
    const known = entitled.get(userId);
    const displayName = members.get(userId) ?? known?.displayName ?? userId;
    const username = known?.username ?? /^@([^:]+):/.exec(userId)![1]!;
    return {
      userId,
      displayName,
      authentikUsername: known?.username ?? null,
      rooms: known?.rooms.length ? known.rooms : [{ roomId: rooms.defaultRoomId, because: "the community's default room" }],
      welcome: store.hasWelcomed(userId) ? null : renderWelcome(template, { displayName, userId, username }),
      farewell: farewellText(displayName),
      kickReason: KICK_REASON,
    };
  });
  return { intakeRoomId: rooms.intakeRoomId, defaultRoomId: rooms.defaultRoomId, people, notWaiting: picked.filter((u) => !waiting.includes(u)), warnings };
}
