import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Community } from "../synapse/community.ts";
import type { RegisteredUser, SynapseInfo } from "../synapse/synapse.ts";
import { TestClient } from "../synapse/client.ts";

/** What a demo run keeps for the next one: the Synapse port, and the seeded community without its clients. */
type SavedPerson = RegisteredUser;
export type DemoState = {
  synapsePort: number;
  community: Omit<Community, "hs" | "bot" | "moderators" | "members"> & {
    bot: SavedPerson;
    moderators: SavedPerson[];
    members: SavedPerson[];
  };
};

const plain = ({ client: _client, ...user }: RegisteredUser & { client?: unknown }): SavedPerson => user;

export function saveDemoState(file: string, synapsePort: number, c: Community): void {
  const { hs: _hs, ...rest } = c;
  const state: DemoState = {
    synapsePort,
    community: { ...rest, bot: plain(c.bot), moderators: c.moderators.map(plain), members: c.members.map(plain) },
  };
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function loadDemoState(file: string): DemoState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DemoState;
  } catch {
    return undefined;
  }
}

/** The saved community, talking to this run's homeserver. */
export function restoreCommunity(state: DemoState, hs: SynapseInfo): Community {
  const person = (p: SavedPerson) => ({ ...p, client: new TestClient(hs.baseUrl, p.accessToken, p.userId) });
  const c = state.community;
  return { ...c, hs, bot: person(c.bot), moderators: c.moderators.map(person), members: c.members.map(person) };
}
