import type { BridgeInfo } from "../../../shared/rooms.ts";
import type { CreateContent, PowerLevelsContent } from "./power-levels.ts";

export type StateEvent = { type: string; state_key?: string; content: any; sender?: string };

/** What the directory knows about one room, folded from its state events. */
export type RoomState = {
  roomId: string;
  name: string | null;
  canonicalAlias: string | null;
  topic: string | null;
  members: number;
  joinRule: string | null;
  encrypted: boolean;
  isSpace: boolean;
  roomVersion: string | null;
  creator: string | null;
  create: CreateContent | null;
  powerLevels: PowerLevelsContent | null;
  spaceParents: Set<string>;
  bridges: Map<string, BridgeInfo>;
  /** The bot's own room tags (m.tag account data), used to target announcements. */
  tags: Set<string>;
};

export const DIRECTORY_STATE_TYPES = [
  "m.room.create",
  "m.room.name",
  "m.room.canonical_alias",
  "m.room.topic",
  "m.room.join_rules",
  "m.room.encryption",
  "m.room.power_levels",
  "m.space.parent",
  "m.bridge",
  "uk.half-shot.bridge",
];

export function emptyRoomState(roomId: string): RoomState {
  return {
    roomId,
    name: null,
    canonicalAlias: null,
    topic: null,
    members: 0,
    joinRule: null,
    encrypted: false,
    isSpace: false,
    roomVersion: null,
    creator: null,
    create: null,
    powerLevels: null,
    spaceParents: new Set(),
    bridges: new Map(),
    tags: new Set(),
  };
}

function bridgeInfo(content: any): BridgeInfo | null {
  if (!content || typeof content !== "object" || !content.protocol) return null;
  const label = (part: any) => (part ? String(part.displayname ?? part.id ?? "") || null : null);
  return {
    protocol: String(content.protocol.id ?? content.protocol.displayname ?? "unknown"),
    network: label(content.network),
    channel: label(content.channel),
    channelId: content.channel?.id ? String(content.channel.id) : null,
    bridgebot: typeof content.bridgebot === "string" ? content.bridgebot : null,
  };
}

/** Applies one state event to the room's folded state (later events win). */
export function applyStateEvent(room: RoomState, event: StateEvent): void {
  const c = event.content ?? {};
  const key = event.state_key ?? "";
  switch (event.type) {
    case "m.room.create":
      room.create = c;
      room.creator = event.sender ?? c.creator ?? null;
      room.roomVersion = c.room_version ?? "1";
      room.isSpace = c.type === "m.space";
      break;
    case "m.room.name":
      room.name = typeof c.name === "string" && c.name ? c.name : null;
      break;
    case "m.room.canonical_alias":
      room.canonicalAlias = typeof c.alias === "string" ? c.alias : null;
      break;
    case "m.room.topic":
      room.topic = typeof c.topic === "string" ? c.topic : null;
      break;
    case "m.room.join_rules":
      room.joinRule = typeof c.join_rule === "string" ? c.join_rule : null;
      break;
    case "m.room.encryption":
      room.encrypted = typeof c.algorithm === "string";
      break;
    case "m.room.power_levels":
      room.powerLevels = c;
      break;
    case "m.space.parent":
      if (Array.isArray(c.via) && c.via.length) room.spaceParents.add(key);
      else room.spaceParents.delete(key);
      break;
    case "m.bridge":
    case "uk.half-shot.bridge": {
      const info = bridgeInfo(c);
      if (info) room.bridges.set(`${event.type}|${key}`, info);
      else room.bridges.delete(`${event.type}|${key}`);
      break;
    }
  }
}
