import { z } from "zod";
import { Said } from "./said.ts";

/** Every error the backend returns has this shape: what happened, and what to do about it. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    field: z.string().optional(),
    /** The message as a code with parameters, for clients that word it in their own language (hint: the same code's hint). */
    said: Said.optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Stable error codes the widget and automation can branch on. */
export const ErrorCode = {
  badRequest: "bad_request",
  unauthenticated: "unauthenticated",
  forbidden: "forbidden",
  notFound: "not_found",
  conflict: "conflict",
  rateLimited: "rate_limited",
  homeserverUnreachable: "homeserver_unreachable",
  homeserverTokenInvalid: "homeserver_token_invalid",
  homeserverForbidden: "homeserver_forbidden",
  homeserverError: "homeserver_error",
  internal: "internal",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
