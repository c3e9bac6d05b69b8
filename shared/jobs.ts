import { z } from "zod";
import { Said } from "./said.ts";

export const JobState = z.enum(["queued", "running", "waiting", "done", "failed", "cancelled"]);
export type JobState = z.infer<typeof JobState>;
export const ItemState = z.enum(["pending", "done", "failed", "skipped"]);
export type ItemState = z.infer<typeof ItemState>;

export const JobSnapshot = z.object({
  id: z.string(),
  kind: z.string(),
  state: JobState,
  actor: z.string(),
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
  /** Why the job waits (rate limit, homeserver down) or why it failed. */
  message: z.string().nullable(),
  /** The message as a code and parameters, for clients that word it in their own language. */
  said: Said.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobSnapshot = z.infer<typeof JobSnapshot>;

export const JobItemView = z.object({
  seq: z.number(),
  key: z.string(),
  state: ItemState,
  attempts: z.number(),
  message: z.string().nullable(),
  /** The message as a code and parameters, for clients that word it in their own language. */
  said: Said.optional(),
  result: z.unknown().optional(),
});
export type JobItemView = z.infer<typeof JobItemView>;
