import type { AnnounceItem, AnnounceLimitation, AnnouncePlan } from "../../../shared/plans.ts";
import { defineAction } from "../../kernel/runtime/define-action.ts";
import { defineJobKind } from "../../kernel/runtime/job-kind.ts";
import { AnnouncementInput } from "../../../shared/moderation.ts";
import { renderMarkdown, type RenderedMessage } from "./markdown.ts";
import { resolveTargets, type TargetCaps } from "../moderation/targets.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";
import { describeMatrixFailure, transientFailure } from "../../kernel/errors/homeserver-failure.ts";
import { powerLevelFromState, requiredForRoomNotification, requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { Bot, EncryptionState } from "../../kernel/matrix/bot.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { said, saidBecause, textOf, type Said } from "../../../shared/said.ts";

export const ANNOUNCE_JOB = "announcements.send";
/** Marks our announcements so a resumed job can see what already reached a room. */
export const ANNOUNCEMENT_MARKER = "org.matrix.community_dashboard.announcement";

/**
 * `notify` and `pin` (on AnnounceItem) say what the bot may do in that room (jobs stored before they
 * existed use the job-wide `notifyRoom`); `encrypted` is what the room index said when the job was planned.
 */
type AnnounceParams = { message: RenderedMessage; notifyRoom: boolean; plaintextInEncryptedRooms?: boolean };
type Limitation = AnnounceLimitation;

/**
 * The bot as a send item uses it: its encryption now, its recent messages (decrypted) to find an
 * earlier delivery, the send, and the pinned-events state.
 */
export type AnnounceJobCaps = { bot: Pick<Bot, "userId" | "encryption" | "recentEvents" | "decrypt" | "sendMessage" | "stateContent" | "sendStateEvent"> };

function txnId(jobId: string, seq: number): string {
  return `dash-announce-${jobId}-${seq}`;
}

/**
 * After a crash the item may have been sent already: look for our marker before sending again. In
 * an encrypted room the homeserver holds only ciphertext, so the bot decrypts its own messages
 * (its device keeps the keys of the sessions it started).
 */
async function alreadySent(bot: AnnounceJobCaps["bot"], roomId: string, jobId: string): Promise<string | undefined> {
  const events = await bot.recentEvents(roomId, { limit: 50, filter: { senders: [bot.userId], types: ["m.room.message", "m.room.encrypted"] } });
  for (const event of events) {
    const content = event.type === "m.room.encrypted" ? (await bot.decrypt(roomId, event))?.content : event.content;
    if (content?.[ANNOUNCEMENT_MARKER] === jobId) return event.event_id;
  }
  return undefined;
}

export const announceJob = defineJobKind<AnnounceParams, AnnounceItem, AnnounceJobCaps>({
  kind: ANNOUNCE_JOB,
  // Enough sends in flight to keep Synapse (one Python process) busy across a link with a 50 ms
  // round trip; under a rate limit the job paces itself down to one (see Pacer).
  concurrency: 24,
  // The bot itself, not a copy: its encryption state is read live when each item runs.
  capabilities: (app) => ({ bot: app.bot }),
  async runItem(ctx, params, item) {
    if (item.data.skip) return { state: "skipped", message: item.data.skip };
    const { bot } = ctx.caps;
    const jobId = ctx.job.id;
    const { room } = item.data;
    // Planned with encryption on, running without it (restarted without the binding, or E2EE=off): never plain text by surprise.
    if (item.data.encrypted && !bot.encryption.on && !params.plaintextInEncryptedRooms) {
      return { state: "failed", message: said("itemEncryptionOff", `encrypted room and end-to-end encryption is off now: ${bot.encryption.reason}`, { reason: bot.encryption.reason }) };
    }
    const earlier = item.attempts > 0 ? await alreadySent(bot, room, jobId) : undefined;
    let eventId = earlier;
    if (!eventId) {
      const notify = item.data.notify ?? params.notifyRoom;
      const content = {
        msgtype: "m.text",
        ...params.message,
        body: notify ? `@room ${params.message.body}` : params.message.body,
        [ANNOUNCEMENT_MARKER]: jobId,
      };
      try {
        // Only the notify option reaches everyone: an "@room" typed in the text alone does not. The transaction
        // id makes a send that reached the homeserver before a crash land once, ciphertext or not.
        eventId = await bot.sendMessage(room, content, {
          mentions: notify ? { room: true } : {},
          txnId: txnId(jobId, item.seq),
          ...(item.data.encrypted === false ? { encrypted: false } : {}),
        });
      } catch (err) {
        const failure = describeMatrixFailure(err, "posting");
        if (transientFailure(err)) throw failure;
        return { state: "failed", message: failure.said ?? failure.message };
      }
    }
    const pinProblem = item.data.pin ? await pin(bot, room, eventId) : undefined;
    const notes = [earlier ? "already delivered before the restart" : undefined, pinProblem ? `sent, but not pinned: ${textOf(pinProblem)}` : undefined].filter(Boolean);
    const text = notes.join("; ");
    const message = pinProblem
      ? saidBecause(earlier ? "itemDeliveredBeforeNotPinned" : "itemNotPinned", text, {}, pinProblem)
      : earlier
        ? said("itemDeliveredBefore", text)
        : undefined;
    return { state: "done", result: { eventId, pinned: Boolean(item.data.pin && !pinProblem) }, ...(message ? { message } : {}) };
  },
});

/** Adds the event to the room's pinned events (once: a retried item finds it there). Returns why it could not, if it could not. */
async function pin(bot: AnnounceJobCaps["bot"], roomId: string, eventId: string): Promise<Said | string | undefined> {
  try {
    const current = await bot.stateContent<{ pinned?: unknown }>(roomId, "m.room.pinned_events");
    const pinned = Array.isArray(current?.pinned) ? current.pinned.filter((id): id is string => typeof id === "string") : [];
    if (!pinned.includes(eventId)) await bot.sendStateEvent(roomId, "m.room.pinned_events", "", { pinned: [...pinned, eventId] });
    return undefined;
  } catch (err) {
    const failure = describeMatrixFailure(err, "pinning");
    if (transientFailure(err)) throw failure;
    return failure.said ?? failure.message;
  }
}

/** The target rooms (from the room index), the bot's encryption, the job runner. */
type AnnounceCaps = TargetCaps & { rooms: Pick<AppContext["rooms"], "get">; bot: Pick<Bot, "userId" | "encryption">; jobs: JobStarter };

/**
 * Decides from the room index (no request per room) whether a room can receive the announcement,
 * and whether the bot's level there lets it notify everyone and pin.
 */
function classify(app: Pick<AnnounceCaps, "rooms" | "bot">, roomId: string, e2ee: EncryptionState, input: AnnouncementInput): { item: AnnounceItem; skip?: Said; limits: Limitation[] } {
  // The item keeps the English (the job reports it); the plan shows the Said.
  const skipped = (skip: Said) => ({ item: { room: roomId, skip: skip.text }, skip, limits: [] });
  const room = app.rooms.get(roomId);
  if (!room?.create) return skipped(said("announcements.skip-unreadable", "the room's state could not be read"));
  const level = powerLevelFromState(app.bot.userId, room.create, room.powerLevels, room.creator ?? undefined);
  const needed = room.powerLevels?.events?.["m.room.message"] ?? room.powerLevels?.events_default ?? 0;
  if (level < needed) return skipped(said("announcements.skip-may-not-post", `the bot may not post here (level ${level}, ${needed} needed)`, { level, needed }));
  if (room.encrypted && !e2ee.on && !input.plaintextInEncryptedRooms) {
    return skipped(said("announcements.skip-encrypted", `encrypted room and end-to-end encryption is off: ${e2ee.reason}`, { cause: e2ee.reason }));
  }
  const limits: Limitation[] = [];
  const toNotify = requiredForRoomNotification(room.powerLevels);
  const notify = input.notifyRoom && level >= toNotify;
  if (input.notifyRoom && !notify) limits.push({ room: roomId, reason: said("announcements.limit-notify", `sent without @room: notifying everyone needs level ${toNotify}, the bot has ${level}`, { needed: toNotify, level }) });
  const toPin = requiredForStateEvent(room.powerLevels, "m.room.pinned_events");
  const pinHere = input.pin && level >= toPin;
  if (input.pin && !pinHere) limits.push({ room: roomId, reason: said("announcements.limit-pin", `not pinned: pinning needs level ${toPin}, the bot has ${level}`, { needed: toPin, level }) });
  return { item: { room: roomId, notify, pin: pinHere, encrypted: room.encrypted }, limits };
}

export const announce = defineAction({
  name: "announcements.send",
  family: "announcements",
  permission: "moderator",
  summary: "Send an announcement to every room, a space, a tag or chosen rooms (a background job)",
  input: AnnouncementInput,
  example: { markdown: "**Meeting** on Friday", targets: { kind: "all" }, plaintextInEncryptedRooms: false, notifyRoom: false, pin: false },
  capabilities: (app): AnnounceCaps => ({ rooms: app.rooms, store: app.store, bot: app.bot, jobs: app.jobs }),
  async plan(ctx, input): Promise<AnnouncePlan> {
    const rooms = await resolveTargets(ctx.caps, input.targets);
    if (rooms.length === 0) throw ApiError.badRequest("No room matches these targets.", "targets").saying("noRoomMatches");
    const e2ee = ctx.caps.bot.encryption;
    const classified = rooms.map((room) => classify(ctx.caps, room, e2ee, input));
    const items = classified.map((c) => c.item);
    const skipped = classified.flatMap((c) => (c.skip ? [{ room: c.item.room, reason: c.skip }] : []));
    const limited = classified.flatMap((c) => c.limits);
    const warnings = [
      ...(input.plaintextInEncryptedRooms && !e2ee.on ? [said("announcements.plaintext-in-encrypted", "Encrypted rooms will receive this announcement unencrypted.")] : []),
    ];
    const limitedRooms = new Set(limited.map((l) => l.room)).size;
    if (limitedRooms) warnings.push(said("announcements.limited", `In ${limitedRooms} of the rooms the bot's level does not allow all that was asked; see the list.`, { count: limitedRooms }));
    return { message: await renderMarkdown(input.markdown), rooms: items, count: items.length - skipped.length, skipped, limited, warnings };
  },
  async apply(ctx, plan, input) {
    // With the bot's device on, encrypted rooms get the announcement encrypted: the plain-text choice does not apply.
    const plaintextInEncryptedRooms = input.plaintextInEncryptedRooms && !ctx.caps.bot.encryption.on;
    const { snapshot } = ctx.caps.jobs.submit({
      kind: ANNOUNCE_JOB,
      actor: ctx.actor.id,
      actorKind: ctx.actor.kind,
      params: { message: plan.message, notifyRoom: input.notifyRoom, plaintextInEncryptedRooms } satisfies AnnounceParams,
      items: plan.rooms.map((item) => ({ key: item.room, data: item })),
      idempotencyKey: input.idempotencyKey ? `announce:${input.idempotencyKey}` : undefined,
    });
    return {
      jobId: snapshot.id,
      rooms: plan.count,
      skipped: plan.skipped.length,
      plaintextInEncryptedRooms,
      notifyRoom: input.notifyRoom,
      pin: input.pin,
    };
  },
  target: (_input, plan) => `${plan.rooms.length} rooms`,
  targetParams: (_input, plan) => ({ count: plan.rooms.length }),
});
