import type { ApiError } from "../../kernel/errors/api-error.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { bridgeErrors } from "./bridge-error.ts";

export type ReplyMeaning = { ok: true; remoteId: string | null } | { ok: false; error: ApiError };

type Context = { bridge: BridgeConfig; actingUser: string; room: string };

const raiseUs = (c: Context) => `Raise ${c.actingUser} to the level m.bridge needs in the room (100 recommended), then retry.`;

/**
 * What a mautrix bridgev2 bot's notice means. The texts are bridgev2's command replies
 * (bridgev2/commands/*.go); anything unrecognised is passed on as the bridge's own words.
 */
const KNOWN: Array<{ pattern: RegExp; meaning: (c: Context, said: string, m: RegExpMatchArray) => ReplyMeaning }> = [
  { pattern: /^Successfully (?:created group|plumbed this room to) `([^`]+)`/, meaning: (_c, _s, m) => ({ ok: true, remoteId: m[1] ?? null }) },
  { pattern: /will now be relayed through|^Stopped relaying messages|^This portal doesn't have a relay set/, meaning: () => ({ ok: true, remoteId: null }) },
  {
    pattern: /^I don't have sufficient permissions for `m\.bridge`/,
    meaning: (c) => ({
      ok: false,
      error: bridgeErrors.powerLevel(
        `The bridge bot ${c.bridge.botUserId} lacks the power level m.bridge needs in ${c.room}.`,
        `Raise ${c.bridge.botUserId} to 100 in the room, then retry.`,
        ["bridgeBotLacksPower", { bridgeBot: c.bridge.botUserId, room: c.room }],
      ),
    }),
  },
  {
    pattern: /requires room admin rights|^You don't have permission to (?:bridge|unbridge|manage the relay)/,
    meaning: (c, said) => ({
      ok: false,
      error: bridgeErrors.powerLevel(`The bridge refused ${c.actingUser}'s command for lack of power in ${c.room} ("${said}").`, raiseUs(c), ["bridgeUserLacksPower", { user: c.actingUser, room: c.room, said }]),
    }),
  },
  {
    pattern: /^This room is already bridged|^That chat is already bridged/,
    meaning: (c, said) => ({ ok: false, error: bridgeErrors.alreadyBridged(c.room, said.replace(/\]\([^)]*\)/g, "]")) }),
  },
  // Relay refusals come from the bridge's config (relay.enabled, relay.admin_only, default_relays), not from a missing login.
  { pattern: /^This bridge does not allow relay mode/, meaning: (c, said) => ({ ok: false, error: bridgeErrors.relayRefused(c.bridge, c.actingUser, said, "disabled") }) },
  {
    pattern: /^You're not logged in and there are no default relay users configured|^Only bridge admins can set another user's login as the relay/,
    meaning: (c, said) => ({ ok: false, error: bridgeErrors.relayRefused(c.bridge, c.actingUser, said, "admin_only") }),
  },
  {
    pattern: /requires you to be logged in|^You're not logged in|^Login `[^`]*` is not logged in|^No login found|^User login with ID .* not found|^Login .* does not belong to you/,
    meaning: (c, said) => ({ ok: false, error: bridgeErrors.notLoggedIn(c.bridge, c.actingUser, said) }),
  },
  { pattern: /can only be ran in portal rooms/, meaning: (c) => ({ ok: false, error: bridgeErrors.notBridged(c.bridge, c.room) }) },
];

export function meaningOf(reply: string, context: Context): ReplyMeaning {
  const said = reply.trim();
  for (const { pattern, meaning } of KNOWN) {
    const match = said.match(pattern);
    if (match) return meaning(context, said, match);
  }
  return { ok: false, error: bridgeErrors.refused(context.bridge, said) };
}
