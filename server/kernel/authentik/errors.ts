import { ApiError } from "../errors/api-error.ts";

/** Something went wrong talking to Authentik, said so the admin can act on it. */
export class AuthentikError extends ApiError {
  /** HTTP status Authentik answered, if it answered. */
  readonly upstreamStatus: number | undefined;

  constructor(o: { code: string; message: string; hint: string; upstreamStatus?: number }) {
    super(502, o.code, o.message, o.hint);
    this.name = "AuthentikError";
    this.upstreamStatus = o.upstreamStatus;
    // Worded by its code ("authentik_timeout" → authentikTimeout); the English names what was being done.
    this.saying(o.code.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), { status: o.upstreamStatus ?? "" });
  }
}

export const TOKEN_HINT =
  "In Authentik, create an API token (Directory → Tokens and App passwords, intent API) for a service account whose role has the " +
  "\"Can view User\" and \"Can view Group\" permissions (plus \"Can change User\" for write-back), and put it in AUTHENTIK_TOKEN.";

export function tokenRejected(status: number): AuthentikError {
  return new AuthentikError({
    code: "authentik_unauthorized",
    upstreamStatus: status,
    message:
      status === 401
        ? "Authentik token invalid or lacks permission to read users (HTTP 401: the token was not accepted)"
        : "Authentik token invalid or lacks permission to read users (HTTP 403: the token's user may not do this)",
    hint: TOKEN_HINT,
  });
}
