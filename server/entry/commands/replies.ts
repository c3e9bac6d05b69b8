import type { Bot } from "../../kernel/matrix/bot.ts";
import type { TimelineEvent } from "../../kernel/matrix/sync-request.ts";
import type { Rich } from "../../kernel/commands/rich-text.ts";

/** Where answers to a command go: the thread it started (or was written in), replying to it. */
export type ReplyTarget = { roomId: string; threadRoot: string; replyTo: string; mention: string };

export function replyTargetOf(roomId: string, event: TimelineEvent): ReplyTarget {
  const relation = event.content["m.relates_to"] as { rel_type?: string; event_id?: string } | undefined;
  const threadRoot = relation?.rel_type === "m.thread" && relation.event_id ? relation.event_id : event.event_id;
  return { roomId, threadRoot, replyTo: event.event_id, mention: event.sender };
}

const message = (r: Rich) => ({ msgtype: "m.notice", body: r.text, format: "org.matrix.custom.html", formatted_body: r.html });

/** A notice in the command's thread, replying to the command and mentioning its sender. */
export async function sendReply(bot: Bot, target: ReplyTarget, r: Rich): Promise<string> {
  return bot.sendMessage(
    target.roomId,
    { ...message(r), "m.relates_to": { rel_type: "m.thread", event_id: target.threadRoot, is_falling_back: false, "m.in_reply_to": { event_id: target.replyTo } } },
    { mentions: { user_ids: [target.mention] } },
  );
}

/** Replaces a message's content (m.replace); clients show the new content in place. */
export async function editMessage(bot: Bot, roomId: string, eventId: string, r: Rich): Promise<string> {
  return bot.sendMessage(roomId, {
    ...message({ text: `* ${r.text}`, html: `* ${r.html}` }),
    "m.new_content": message(r),
    "m.relates_to": { rel_type: "m.replace", event_id: eventId },
  });
}
