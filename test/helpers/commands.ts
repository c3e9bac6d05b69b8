import type { TestClient } from "../synapse/client.ts";
export { eventually } from "./eventually.ts";

export type ChatReply = { eventId: string; body: string; html: string; content: any };

type Event = { type: string; content: any; sender: string; event_id: string };

const inReplyTo = (e: Event) => e.content?.["m.relates_to"]?.["m.in_reply_to"]?.event_id as string | undefined;

/** The bot's replies to `eventId` in the thread at `threadRoot` (the command itself unless it was written in a thread), oldest first. */
export async function repliesTo(
  reader: TestClient,
  roomId: string,
  eventId: string,
  bot: string,
  options: { count?: number; threadRoot?: string; timeoutMs?: number } = {},
): Promise<ChatReply[]> {
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const thread = await reader.relations(roomId, options.threadRoot ?? eventId, "m.thread");
    const replies = thread.filter((e) => e.sender === bot && inReplyTo(e) === eventId);
    if (replies.length >= count) {
      return replies.map((e) => ({ eventId: e.event_id, body: e.content.body, html: e.content.formatted_body, content: e.content }));
    }
    if (Date.now() > deadline) throw new Error(`expected ${count} bot replies to ${eventId}, got ${replies.length}: ${JSON.stringify(replies.map((r) => r.content.body))}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Sends a chat command (text, or a whole message content) in the room as `sender` and waits for the bot's first `count` replies. */
export async function command(
  sender: TestClient,
  roomId: string,
  text: string | Record<string, unknown>,
  bot: string,
  options: { count?: number; threadRoot?: string; timeoutMs?: number } = {},
): Promise<{ eventId: string; replies: ChatReply[]; reply: ChatReply }> {
  const message = typeof text === "string" ? { msgtype: "m.text", body: text } : text;
  const content = options.threadRoot
    ? { ...message, "m.relates_to": { rel_type: "m.thread", event_id: options.threadRoot, is_falling_back: true, "m.in_reply_to": { event_id: options.threadRoot } } }
    : message;
  const eventId = await sender.send(roomId, content);
  const replies = await repliesTo(sender, roomId, eventId, bot, options);
  return { eventId, replies, reply: replies[0]! };
}

/** Every edit (m.replace) of a message, oldest first. */
export async function editsOf(reader: TestClient, roomId: string, eventId: string): Promise<Array<{ body: string; html: string; sender: string }>> {
  const edits = await reader.relations(roomId, eventId, "m.replace");
  return edits.map((e) => ({ body: e.content["m.new_content"].body, html: e.content["m.new_content"].formatted_body, sender: e.sender }));
}


/** The confirmation code a destructive command's reply asks for. */
export function confirmationCode(reply: ChatReply, prefix = "!dash"): string {
  const match = new RegExp(`${prefix} confirm ([A-Z0-9]{6})`).exec(reply.body);
  if (!match) throw new Error(`no confirmation code in: ${reply.body}`);
  return match[1]!;
}
