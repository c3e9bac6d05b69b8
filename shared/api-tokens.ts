import { z } from "zod";
import { ActionFamily } from "./actions.ts";

export const ApiTokenScope = ActionFamily;

export const CreateApiTokenInput = z.strictObject({
  name: z.string().trim().min(1, "give the token a name").max(80).regex(/^[\w .@-]+$/, "letters, digits, spaces and . _ @ - only"),
  scopes: z.array(ApiTokenScope).min(1, "choose at least one scope").max(10),
  expiresInDays: z.number().int().min(1).max(365).default(90),
});
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenInput>;

export const ApiTokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(ApiTokenScope),
  powerLevel: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** In the listing: why an active token is suspended (its creator lost standing), else null. */
  suspended: z.string().nullable().optional(),
  /** In the listing: the level an active, unsuspended token acts with now (the lesser of grant and creator). */
  actsAtLevel: z.number().nullable().optional(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfo>;
