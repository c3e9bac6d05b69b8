import { z } from "zod";

/** The OpenID token the widget gets from the client (matrix-widget-api's get_openid answer). */
export const OpenIdToken = z.strictObject({
  access_token: z.string().min(1).max(1024),
  expires_in: z.number().int().positive().max(86_400).optional(),
  matrix_server_name: z.string().min(1).max(255),
  token_type: z.literal("Bearer").optional(),
});
export type OpenIdToken = z.infer<typeof OpenIdToken>;

export const CreateSessionInput = z.strictObject({ openIdToken: OpenIdToken });
export type CreateSessionInput = z.infer<typeof CreateSessionInput>;

export const SessionInfo = z.object({
  token: z.string(),
  expiresAt: z.string(),
  userId: z.string(),
  powerLevel: z.number(),
  requiredPowerLevel: z.number(),
  /** The level at which a moderator is a community admin (templates, API tokens): the widget shows the reason before the attempt. */
  adminPowerLevel: z.number(),
  moderatorRoomId: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
