import type { AppContext } from "../runtime/app-context.ts";

/** A room as a moderator recognises it: its name or alias from the room index, else its ID. */
export function roomLabel(app: AppContext, roomId: string): string {
  const room = app.rooms.get(roomId);
  return room?.name ?? room?.canonicalAlias ?? roomId;
}
