import { z } from "zod";

export const CheckStatus = z.enum(["ok", "warn", "fail", "skipped"]);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** One doctor check: a status, and for anything but ok, the cause and the fix. */
export const CheckResult = z.object({
  id: z.string(),
  title: z.string(),
  status: CheckStatus,
  required: z.boolean(),
  summary: z.string(),
  /** The summary as a code with its parts, for clients that word it in their own language (`summary` stays the English). */
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  cause: z.string().optional(),
  fix: z.string().optional(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const HealthReport = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  capabilities: z.object({
    e2ee: z.boolean(),
    serverAdmin: z.boolean(),
  }),
  checks: z.array(CheckResult),
});
export type HealthReport = z.infer<typeof HealthReport>;
