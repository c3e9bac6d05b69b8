import { SyncChangeKind, type SyncChange, type SyncInput } from "../../../shared/sync.ts";

type PowerChange = Extract<SyncChange, { kind: "set-power-level" }>;

/** One job item: a person's changes in order, or one room's power-level changes in one event. */
export type SyncItem =
  | { type: "user"; userId: string; steps: SyncChange[]; forgetPk: number | null }
  | { type: "power"; roomId: string; steps: PowerChange[] };

const ORDER = SyncChangeKind.options;

type Chosen = { selected: SyncChange[]; addedPrerequisites: number };

/**
 * The part of a plan a moderator chose (all of it without a selection): changes of the chosen kinds
 * and the chosen ids, plus what they need. Built once per apply and used per person, so a large
 * selection is not turned into sets 50,000 times.
 */
export function chooser(select: SyncInput["select"]): (changes: SyncChange[]) => Chosen {
  if (!select || (!select.kinds && !select.ids)) return (changes) => ({ selected: changes, addedPrerequisites: 0 });
  const kinds = new Set(select.kinds ?? []);
  const ids = new Set(select.ids ?? []);
  return (all) => {
    const byId = new Map(all.map((c) => [c.id, c]));
    const chosen = new Set(all.filter((c) => kinds.has(c.kind) || ids.has(c.id)));
    // What a change cannot run without, on the same person: their account, and for a welcome its invite.
    const needs = (c: SyncChange) => [
      c.kind === "create-account" ? undefined : byId.get(`create-account ${c.userId}`),
      c.kind === "welcome" ? byId.get(`invite ${c.roomId} ${c.userId}`) : undefined,
    ];
    let added = 0;
    for (const c of [...chosen]) {
      for (const need of needs(c)) if (need && !chosen.has(need)) (chosen.add(need), added++);
    }
    return { selected: all.filter((c) => chosen.has(c)), addedPrerequisites: added };
  };
}

export function selectChanges(all: SyncChange[], select: SyncInput["select"]): Chosen {
  return chooser(select)(all);
}

/** Groups changes into job items: per person (ordered steps) and per room for power levels. */
export function toJobItems(changes: SyncChange[], vanishedPks: Map<string, number>): Array<{ key: string; data: SyncItem }> {
  const users = new Map<string, SyncChange[]>();
  const rooms = new Map<string, PowerChange[]>();
  for (const c of changes) {
    if (c.kind === "set-power-level") rooms.get(c.roomId)?.push(c) ?? rooms.set(c.roomId, [c]);
    else users.get(c.userId)?.push(c) ?? users.set(c.userId, [c]);
  }
  const items: Array<{ key: string; data: SyncItem }> = [];
  for (const [userId, steps] of users) {
    steps.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    items.push({ key: `user ${userId}`, data: { type: "user", userId, steps, forgetPk: vanishedPks.get(userId) ?? null } });
  }
  for (const [roomId, steps] of rooms) items.push({ key: `power ${roomId}`, data: { type: "power", roomId, steps } });
  return items;
}
