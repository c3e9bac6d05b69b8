import { z } from "zod";

/**
 * A sentence for a person, sent as data: `code` and `params` for clients that word it in their own
 * language (the widget in German, say), `text` the English that chat replies, the CLI and logs print.
 * A client that does not know a code shows `text`, so a new code never leaves a blank.
 */
export const Said = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  text: z.string(),
});
export type Said = z.infer<typeof Said>;

export type SaidParams = Record<string, string | number>;

/** Builds a Said; `text` is written beside the code so the English stays readable where it is said. */
export function said(code: string, text: string, params?: SaidParams): Said {
  return params ? { code, params, text } : { code, text };
}

/**
 * A sentence that gives another as its reason ("{reason}; retrying"): `reason` holds the inner English,
 * and when the inner was said, `reasonCode` and its parameters ride along so a client words it too.
 */
export function saidBecause(code: string, text: string, params: SaidParams, cause: Said | string): Said {
  const inner = typeof cause === "string" ? { reason: cause } : { ...cause.params, reason: cause.text, reasonCode: cause.code };
  return said(code, text, { ...inner, ...params });
}

/** The English of a message that may have been said. */
export const textOf = (message: Said | string): string => (typeof message === "string" ? message : message.text);
