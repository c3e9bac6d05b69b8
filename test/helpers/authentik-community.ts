import { seedCommunity, setRateLimitOverride, type Community, type CommunityOptions } from "../synapse/community.ts";
import type { SynapseInfo } from "../synapse/synapse.ts";
import { startDashboard, signIn, type TestDashboard } from "./dashboard.ts";
import { FakeAuthentik, type FakeAuthentikOptions, type NewUser } from "../fakes/authentik/fake-authentik.ts";

/** Dashboard settings pointing at the fake; people map to `<tag>-<username>` so suites share one Synapse. */
export function authentikEnv(fake: FakeAuthentik, c: Community, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AUTHENTIK_URL: fake.url,
    AUTHENTIK_TOKEN: fake.token,
    AUTHENTIK_LOCALPART_TEMPLATE: `${c.tag}-{username}`,
    AUTHENTIK_MODERATOR_GROUP: "moderators",
    AUTHENTIK_SYNC_INTERVAL_MINUTES: "0",
    ...extra,
  };
}

/**
 * Lifts Synapse's limits for the bot. Suites that check what the sync decides use it: Synapse's
 * per-recipient invite limit (burst 5, then one per 5.5 min) would otherwise stall them for minutes.
 * Waiting on the real limiter is covered by the crash test, which keeps the limits on.
 */
export async function liftBotLimits(c: Community): Promise<void> {
  await setRateLimitOverride(c.bot.client, c.bot.userId, true);
}

export type AuthentikOptions = { community?: CommunityOptions; fake?: FakeAuthentikOptions; people?: NewUser[] };
export type AuthentikSetUp = { c: Community; fake: FakeAuthentik };

/** A community (one moderator, the bot's limits lifted) and the fake Authentik with its people; no dashboard yet. */
export async function authentikSetUp(hs: SynapseInfo, o: AuthentikOptions = {}): Promise<AuthentikSetUp> {
  const c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0, ...o.community });
  await liftBotLimits(c);
  const fake = await FakeAuthentik.start(o.fake);
  for (const person of o.people ?? []) fake.addUser(person);
  return { c, fake };
}

export type AuthentikCommunity = AuthentikSetUp & { dash: TestDashboard; token: string; stop(): Promise<void> };

/** The same, with the dashboard syncing from the fake (`env` on top) and its first moderator signed in. */
export async function authentikCommunity(hs: SynapseInfo, o: AuthentikOptions & { env?: Record<string, string> } = {}): Promise<AuthentikCommunity> {
  const { c, fake } = await authentikSetUp(hs, o);
  const dash = await startDashboard(c, authentikEnv(fake, c, o.env)).catch(async (err) => {
    await fake.stop();
    throw err;
  });
  const token = await signIn(dash, c.moderators[0]!);
  return {
    c,
    fake,
    dash,
    token,
    async stop() {
      await dash.close();
      await fake.stop();
    },
  };
}
