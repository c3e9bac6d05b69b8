import { z } from "zod";
import { UserId } from "./matrix-ids.ts";
import { IdempotencyKey } from "./rooms.ts";
import type { Said } from "./said.ts";

export const ApproveIntakeInput = z.strictObject({
  /** People waiting in the intake room whom a moderator lets in. */
  users: z.array(UserId).min(1).max(200),
  idempotencyKey: IdempotencyKey.optional(),
});
export type ApproveIntakeInput = z.infer<typeof ApproveIntakeInput>;

/** Someone in the intake room who is not yet in the default room. */
export type IntakeCandidate = { userId: string; displayName: string | null };

export type IntakeStatus =
  | { configured: false; reason: string; said?: Said }
  | { configured: true; intakeRoomId: string; intakeRoom: string; defaultRoomId: string; candidates: IntakeCandidate[] };

/** What letting one person in does, in order. */
export type IntakePerson = {
  userId: string;
  displayName: string;
  /** Their Authentik username when the sync knows them (their groups' rooms are added). */
  authentikUsername: string | null;
  rooms: Array<{ roomId: string; because: string }>;
  /** The welcome for the default room; null when they were welcomed before. */
  welcome: string | null;
  farewell: string;
  kickReason: string;
};

export type IntakePlan = {
  intakeRoomId: string;
  defaultRoomId: string;
  people: IntakePerson[];
  /** Picked people who are not waiting in the intake room (left already, or never there). */
  notWaiting: string[];
  warnings: Said[];
};
