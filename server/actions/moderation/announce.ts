import { defineAction } from "../define-action.ts";
import { defineJobKind } from "../../jobs/job-kind.ts";
import { AnnouncementInput } from "../../../shared/moderation.ts";
import { renderMarkdown, type RenderedMessage } from "../../moderation/markdown.ts";
import { resolveTargets } from "../../moderation/targets.ts";
import { e2eeStatus } from "../../matrix/e2ee.ts";
import { describeMatrixFailure, transientFailure } from "../../matrix/failure.ts";
import { powerLevelFromState } from "../../matrix/power-levels.ts";
import { ApiError } from "../../http/api-error.ts";
import type { Bot } from "../../matrix/bot.ts";
import type { AppContext } from "../../app-context.ts";

export const ANNOUNCE_JOB = "announcements.send";
/** Marks our announcements so a resumed job can see what already reached a room. */
export const ANNOUNCEMENT_MARKER = "org.matrix.community_dashboard.announcement";

type AnnounceItem = { room: string; skip?: string };
type AnnounceParams = { message: RenderedMessage; notifyRoom: boolean };

function txnId(jobId: string, seq: number): string {
  return `dash-announce-${jobId}-${seq}`;
}

/** After a crash the item may have been sent already: look for our marker before sending again. */
async function alreadySent(bot: Bot, roomId: string, jobId: string): Promise<string | undefined> {
  const res = await bot.client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, {
    dir: "b",
    limit: 50,
    filter: JSON.stringify({ senders: [bot.userId], types: ["m.room.message"] }),
  });
  return (res.chunk as Array<{ event_id: string; content: Record<string, unknown> }>).find((e) => e.content[ANNOUNCEMENT_MARKER] === jobId)?.event_id;
}

export const announceJob = defineJobKind<AnnounceParams, AnnounceItem>({
  kind: ANNOUNCE_JOB,
  // Enough sends in flight to keep Synapse (one Python process) busy across a link with a 50 ms
  // round trip; under a rate limit the job paces itself down to one (see Pacer).
  concurrency: 24,
  async runItem(ctx, params, item) {
    if (item.data.skip) return { state: "skipped", message: item.data.skip };
    const { bot } = ctx.app;
    const jobId = ctx.job.id;
    if (item.attempts > 0) {
      const eventId = await alreadySent(bot, item.data.room, jobId);
      if (eventId) return { state: "done", result: { eventId }, message: "already delivered before the restart" };
    }
    const body = params.notifyRoom ? `@room ${params.message.body}` : params.message.body;
    const content = { msgtype: "m.text", ...params.message, body, [ANNOUNCEMENT_MARKER]: jobId };
    try {
      const path = `/_matrix/client/v3/rooms/${encodeURIComponent(item.data.room)}/send/m.room.message/${encodeURIComponent(txnId(jobId, item.seq))}`;
      const res = await bot.client.doRequest("PUT", path, null, content);
      return { state: "done", result: { eventId: res.event_id } };
    } catch (err) {
      const failure = describeMatrixFailure(err, "posting");
      if (transientFailure(err)) throw failure;
      return { state: "failed", message: failure.message };
    }
  },
});

/** Decides from the room index (no request per room) whether a room can receive the announcement. */
function classify(app: AppContext, roomId: string, e2ee: boolean, plaintext: boolean): AnnounceItem {
  const room = app.rooms.get(roomId);
  if (!room?.create) return { room: roomId, skip: "the room's state could not be read" };
  const level = powerLevelFromState(app.bot.userId, room.create, room.powerLevels, room.creator ?? undefined);
  const needed = room.powerLevels?.events?.["m.room.message"] ?? room.powerLevels?.events_default ?? 0;
  if (level < needed) return { room: roomId, skip: `the bot may not post here (level ${level}, ${needed} needed)` };
  if (room.encrypted && !e2ee && !plaintext) return { room: roomId, skip: "encrypted room and end-to-end encryption is unavailable" };
  return { room: roomId };
}

export const announce = defineAction({
  name: "announcements.send",
  family: "announcements",
  permission: "moderator",
  summary: "Send an announcement to every room, a space, a tag or chosen rooms (a background job)",
  input: AnnouncementInput,
  example: { markdown: "**Meeting** on Friday", targets: { kind: "all" }, plaintextInEncryptedRooms: false },
  async plan(ctx, input) {
    const rooms = await resolveTargets(ctx.app, input.targets);
    if (rooms.length === 0) throw ApiError.badRequest("No room matches these targets.", "targets");
    const e2ee = e2eeStatus().available;
    const items = rooms.map((room) => classify(ctx.app, room, e2ee, input.plaintextInEncryptedRooms));
    const skipped = items.filter((i) => i.skip);
    return {
      message: renderMarkdown(input.markdown),
      rooms: items,
      count: items.length - skipped.length,
      skipped: skipped.map((i) => ({ room: i.room, reason: i.skip! })),
      warnings: input.plaintextInEncryptedRooms && !e2ee ? ["Encrypted rooms will receive this announcement unencrypted."] : [],
    };
  },
  async apply(ctx, plan, input) {
    const { snapshot } = ctx.app.jobs.submit({
      kind: ANNOUNCE_JOB,
      actor: ctx.actor.id,
      actorKind: ctx.actor.kind,
      params: { message: plan.message, notifyRoom: input.notifyRoom } satisfies AnnounceParams,
      items: plan.rooms.map((item) => ({ key: item.room, data: item })),
      idempotencyKey: input.idempotencyKey ? `announce:${input.idempotencyKey}` : undefined,
    });
    return { jobId: snapshot.id, rooms: plan.count, skipped: plan.skipped.length, plaintextInEncryptedRooms: input.plaintextInEncryptedRooms };
  },
  target: (_input, plan) => `${plan.rooms.length} rooms`,
});
