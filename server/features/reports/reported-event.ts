import type { ReportedEvent } from "../../../shared/reports.ts";

type Decrypt = (roomId: string, event: object) => Promise<{ type: string; content: Record<string, unknown> } | null>;

function fromClear(type: string, content: Record<string, unknown>): ReportedEvent {
  if (Object.keys(content).length === 0) return { kind: "redacted" };
  if (typeof content.body === "string") return { kind: "message", type, msgtype: typeof content.msgtype === "string" ? content.msgtype : null, body: content.body };
  return { kind: "other", type };
}

/**
 * The reported event as moderators read it: its text, or why not. An encrypted event is opened
 * with the bot's device when it has the key; otherwise it stays "encrypted" (Synapse stores only
 * ciphertext, and the reporter's client sends none of the text).
 */
export async function describeReportedEvent(
  roomId: string,
  event: Record<string, unknown> | null,
  o: { encryptionOn: boolean; encryptionOffReason?: string; decrypt: Decrypt },
): Promise<ReportedEvent> {
  if (!event) return { kind: "missing" };
  const type = String(event.type ?? "");
  const content = (event.content ?? {}) as Record<string, unknown>;
  const redacted = Boolean((event.unsigned as { redacted_because?: unknown } | undefined)?.redacted_because);
  if (redacted) return { kind: "redacted" };
  if (type !== "m.room.encrypted") return fromClear(type, content);
  if (Object.keys(content).length === 0) return { kind: "redacted" };
  if (!o.encryptionOn) return { kind: "encrypted", why: `end-to-end encryption is off for the bot (${o.encryptionOffReason ?? "not configured"})` };
  const clear = await o.decrypt(roomId, event);
  if (!clear) return { kind: "encrypted", why: "the bot has no key for this message (it was sent before the bot's device could receive it, or to devices other than the bot's)" };
  return fromClear(clear.type, clear.content);
}
