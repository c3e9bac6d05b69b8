import type { ReportSummary, UserHistory, BanListMatch } from "./reports.ts";

/** One managed room as it concerns one person. */
export type UserRoomFacts = {
  roomId: string;
  name: string | null;
  alias: string | null;
  /** "join", "invite", "ban", "leave", "knock"; null when never in the room. */
  membership: string | null;
  powerLevel: number;
};

export type AuthentikIdentity =
  | { configured: false }
  | { configured: true; found: false; note: string }
  | { configured: true; found: true; pk: number; username: string; name: string; active: boolean; groups: string[] };

export type UserCard = {
  userId: string;
  displayName: string | null;
  /** The person's standing in the moderator room (level shown 101 for a room-v12 creator). */
  moderatorRoom: { membership: string | null; powerLevel: number };
  /** Every managed room the person has a membership in (joined, invited, banned, left, knocking). */
  rooms: UserRoomFacts[];
  /** How many managed rooms were looked at. */
  roomsChecked: number;
  /** Rooms where the person is invited but has not joined yet. */
  pendingInvites: string[];
  authentik: AuthentikIdentity;
  reports:
    | { available: true; against: ReportSummary[]; by: ReportSummary[] }
    | { available: false; reason: string };
  /** Audit entries that name the person (as target or actor), newest first. */
  audit: UserHistory["audit"];
  /** Present when the ban-list feature is installed. */
  banListMatches?: BanListMatch[];
};
