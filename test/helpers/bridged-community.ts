import { seedCommunity, setRateLimitOverride, type Community, type CommunityOptions } from "../synapse/community.ts";
import { startDashboard, type TestDashboard } from "./dashboard.ts";
import { startBridgeTestBed, bridgeEnv, type BridgeTestBed } from "../fakes/mautrix-signal/test-bed.ts";
import { startWhatsappTestBed, whatsappEnv, type WhatsappTestBed } from "../synapse/mautrix-whatsapp.ts";

export type BridgedCommunity<Bed> = { bed: Bed; c: Community; dash: TestDashboard; stop(): Promise<void> };

/** The bot's login the bridge already holds, as a community that set up its bridge before has it. */
const LOGIN = { id: "+15550001111", name: "Community Signal" };

/**
 * A community on a Synapse of the bridge's own, the dashboard running with the bridge configured.
 * Commands, replies and bridge commands are all messages: the bot and the moderators are exempt
 * from the rate limiter for speed.
 */
async function bridged<Bed extends { synapse: WhatsappTestBed["synapse"]; stop(): Promise<void> }>(
  bed: Bed,
  options: CommunityOptions,
  env: Record<string, string>,
  loggedIn: (c: Community) => Promise<void> | void,
): Promise<BridgedCommunity<Bed>> {
  let c: Community, dash: TestDashboard;
  try {
    c = await seedCommunity(bed.synapse, { moderators: 1, members: 0, extraRooms: 0, ...options });
    await Promise.all([c.bot, ...c.moderators].map((p) => setRateLimitOverride(c.bot.client, p.userId, true)));
    await loggedIn(c);
    dash = await startDashboard(c, env);
  } catch (err) {
    await bed.stop();
    throw err;
  }
  return {
    bed,
    c,
    dash,
    async stop() {
      await dash.close();
      await bed.stop();
    },
  };
}

/** With the fake mautrix-signal, the bot already logged in. */
export async function signalCommunity(options: CommunityOptions = {}): Promise<BridgedCommunity<BridgeTestBed>> {
  const bed = await startBridgeTestBed();
  return bridged(bed, options, bridgeEnv(bed.bridge), (c) => void bed.bridge.state.logins.set(c.bot.userId, [{ ...LOGIN, state: "CONNECTED" }]));
}

/** With the real mautrix-whatsapp, a login for the bot put in the bridge's database (it cannot reach WhatsApp). */
export async function whatsappCommunity(binary: string, options: CommunityOptions = {}): Promise<BridgedCommunity<WhatsappTestBed>> {
  const bed = await startWhatsappTestBed(binary);
  return bridged(bed, options, whatsappEnv(bed.bridge), (c) => bed.bridge.addLogin(c.bot.userId, { id: "15550001111", name: "+1 555 000 1111" }));
}
