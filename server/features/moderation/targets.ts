import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { RoomIndex } from "../../kernel/matrix/room-index.ts";

/** What resolving targets reads: the bot's rooms, the ban-list settings (policy rooms are left out), a space's children. */
export type TargetCaps = { rooms: Pick<RoomIndex, "refresh" | "all">; store: Pick<AppContext["store"], "db">; bot: Pick<Bot, "getRoomState"> };
import type { RoomTargets } from "../../../shared/moderation.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { listRooms, readListSettings } from "../policy-lists/list-settings.ts";

/** Resolves a target description to room IDs the bot is in, in a stable order. */
export async function resolveTargets(app: TargetCaps, targets: RoomTargets): Promise<string[]> {
  await app.rooms.refresh();
  const joined = new Map(app.rooms.all().map((r) => [r.roomId, r]));
  const policyRooms = new Set(listRooms(readListSettings(app.store.db)));
  let rooms: string[];
  switch (targets.kind) {
    case "all":
      // Ban lists are followed, not moderated: "all" never reaches into a policy room.
      rooms = [...joined.values()].filter((r) => !r.isSpace && !policyRooms.has(r.roomId)).map((r) => r.roomId);
      break;
    case "tag":
      rooms = [...joined.values()].filter((r) => r.tags.has(targets.tag)).map((r) => r.roomId);
      break;
    case "space": {
      let state;
      try {
        state = await app.bot.getRoomState(targets.space);
      } catch (err) {
        throw describeMatrixFailure(err, `reading the space ${targets.space}`);
      }
      rooms = state
        .filter((e: any) => e.type === "m.space.child" && Array.isArray(e.content?.via) && e.content.via.length)
        .map((e: any) => e.state_key as string)
        .filter((id: string) => joined.has(id));
      break;
    }
    case "rooms": {
      const missing = targets.rooms.filter((id) => !joined.has(id));
      if (missing.length) {
        throw ApiError.badRequest(`The bot is not in ${missing.length} of the chosen rooms: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? "…" : ""}.`, "targets.rooms", "Invite the bot there first, or leave those rooms out.").saying("botNotInRooms", { count: missing.length, rooms: `${missing.slice(0, 5).join(", ")}${missing.length > 5 ? "…" : ""}` });
      }
      rooms = [...new Set(targets.rooms)];
      break;
    }
  }
  return rooms.sort();
}
