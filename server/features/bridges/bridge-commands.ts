import type { Bot } from "../../kernel/matrix/bot.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { bridgeErrors } from "./bridge-error.ts";

export type CommandAnswer = { kind: "settled" } | { kind: "reply"; text: string } | { kind: "reacted" };

const COMMAND_TIMEOUT_MS = 20_000;
const POLL_MS = 250;
/** bridgev2 greets each room it is invited to; the greeting can land after a command sent right after the join. */
const GREETING = /^Hello, I'm an? .+ bridge bot\./;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The bridge bot's first notice after our command, or its reaction to it (bridgev2 reacts ✅ to sync-portal). */
async function answerTo(bot: Bot, roomId: string, commandId: string, bridgeBot: string): Promise<CommandAnswer | null> {
  const after = await bot.eventsAfter(roomId, commandId, { limit: 20, filter: { senders: [bridgeBot], types: ["m.room.message", "m.reaction"] } });
  for (const e of after) {
    if (e.type === "m.room.message" && typeof e.content?.body === "string" && !GREETING.test(e.content.body)) return { kind: "reply", text: e.content.body };
    if (e.type === "m.reaction" && e.content?.["m.relates_to"]?.event_id === commandId) return { kind: "reacted" };
  }
  return null;
}

/**
 * Sends `<prefix> <command>` as the dashboard's bot and waits for the outcome: `settled()` turning
 * true (the state the command should produce), or the bridge bot answering.
 */
export async function runBridgeCommand(
  bot: Bot,
  bridge: BridgeConfig,
  prefix: string,
  roomId: string,
  command: string,
  settled: () => Promise<boolean> = async () => false,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<CommandAnswer> {
  const text = `${prefix} ${command}`;
  // Addressed to the bridge bot, as a person's command to it would be (mautrix reads mentions). Sent as it
  // always was (plain): the answer is read without decrypting, and a bridge that cannot decrypt still hears it.
  const commandId = await bot.sendMessage(roomId, { msgtype: "m.text", body: text }, { mentions: { user_ids: [bridge.botUserId] }, encrypted: false });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await settled()) return { kind: "settled" };
    const answer = await answerTo(bot, roomId, commandId, bridge.botUserId);
    // The bridge writes state before replying: look at the state once more before reading the reply.
    if (answer) return (await settled()) ? { kind: "settled" } : answer;
    await sleep(POLL_MS);
  }
  throw bridgeErrors.timeout(bridge, `no answer to "${text}" within ${Math.round(timeoutMs / 1000)} s`);
}

/** Polls until `check` holds; false when the time is up. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(POLL_MS);
  }
  return check();
}
