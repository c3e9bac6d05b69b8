import { DatabaseSync } from "node:sqlite";
import { migrate } from "../../../server/kernel/store/db.ts";
import { emptyRoomState, type RoomState } from "../../../server/kernel/matrix/room-state.ts";
import type { FakeBot } from "./bot.ts";

/** The room index as our RoomIndex adapter shows it, built from the fake bot's rooms. */
export function fakeRoomIndex(bot: FakeBot, extra: (room: RoomState) => void = () => {}) {
  const states = new Map<string, RoomState>();
  for (const [roomId, room] of Object.entries(bot.rooms)) {
    const state = emptyRoomState(roomId);
    state.creator = room.creator;
    state.create = { room_version: room.roomVersion ?? "10", creator: room.creator };
    state.powerLevels = room.powerLevels;
    state.encrypted = room.encrypted ?? false;
    extra(state);
    states.set(roomId, state);
  }
  return {
    refresh: async () => {},
    all: () => [...states.values()],
    get: (roomId: string) => states.get(roomId),
  };
}

/** Our store, in memory and migrated: the settings, idempotency keys and audit live there. */
export function memoryStore() {
  const db = new DatabaseSync(":memory:");
  migrate(db);
  return { db };
}
