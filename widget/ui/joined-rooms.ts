import type { RoomListPage, RoomSummary } from "../../shared/rooms.ts";
import type { DashboardApi } from "../client/api.ts";
import { useDashboard } from "../client/dashboard.ts";
import { useLoad } from "./hooks.ts";

/** The directory's page size limit: pickers and names cover the bot's first 500 rooms. */
const ALL = "api/rooms?limit=500&sort=name";
const FRESH_MS = 60_000;
const cache = new WeakMap<DashboardApi, { at: number; rooms: Promise<RoomSummary[]> }>();

/** The bot's rooms, shared for a minute by pickers and job results; `forgetRooms` after a room is created or deleted. */
export function joinedRooms(api: DashboardApi): Promise<RoomSummary[]> {
  const cached = cache.get(api);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.rooms;
  const rooms = api.request<RoomListPage>("GET", ALL).then((page) => page.rooms);
  rooms.catch(() => cache.delete(api));
  cache.set(api, { at: Date.now(), rooms });
  return rooms;
}

export function forgetRooms(api: DashboardApi): void {
  cache.delete(api);
}

export function useJoinedRooms() {
  const { api } = useDashboard();
  return useLoad(() => joinedRooms(api), [api]);
}

export const roomLabel = (room: Pick<RoomSummary, "name" | "canonicalAlias" | "roomId">): string => room.name ?? room.canonicalAlias ?? room.roomId;

/** Names for room IDs in job results; an unknown ID stays as it is. */
export function useRoomNames(): (roomId: string) => string {
  const rooms = useJoinedRooms().data ?? [];
  return (roomId) => {
    const room = rooms.find((r) => r.roomId === roomId);
    return room ? roomLabel(room) : roomId;
  };
}
