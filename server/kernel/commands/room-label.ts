import type { RoomIndex } from "../matrix/room-index.ts";
import { firstOf, list, type Rich } from "./rich-text.ts";

/** What labelling rooms needs: the room index's lookup. */
export type RoomLabels = Pick<RoomIndex, "get">;

/** A room as a moderator recognises it: its name or alias from the room index, else its ID. */
export function roomLabel(rooms: RoomLabels, roomId: string): string {
  const room = rooms.get(roomId);
  return room?.name ?? room?.canonicalAlias ?? roomId;
}

export type RoomItem = { room: string; skip?: string; reason?: string };

const FIRST_ROOMS = 5;

/** The first rooms of a plan, by label, each with why it is skipped (if it is). */
export function roomList(rooms: RoomLabels, items: RoomItem[]): Rich {
  const line = (i: RoomItem) => {
    const why = i.skip ?? i.reason;
    return `${roomLabel(rooms, i.room)}${why ? `: skipped, ${why}` : ""}`;
  };
  return list(firstOf(items.map(line), FIRST_ROOMS));
}
