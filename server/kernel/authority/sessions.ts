import { ApiError } from "../errors/api-error.ts";

export const SESSION_LIFETIME_SECONDS = 15 * 60;

/** The JWT library is loaded with the first sign-in, not at start (an idle server pays ~3 MB less). */
const jose = () => import("jose");

/** Clock difference between this server's own issue and verify that is still accepted. */
const CLOCK_SKEW_SECONDS = 5;

/**
 * Short-lived session tokens (HS256 JWT) for people signed in through the widget. Only tokens
 * this class could have issued pass: an `exp` and `iat` are required and the lifetime between
 * them may not exceed the configured one, so a token forged with a leaked secret cannot live forever.
 */
export class SessionTokens {
  private readonly key: Uint8Array;
  private readonly issuer: string;
  private readonly lifetimeSeconds: number;

  constructor(secret: string, options: { issuer?: string; lifetimeSeconds?: number } = {}) {
    this.key = new TextEncoder().encode(secret);
    this.issuer = options.issuer ?? "matrix-community-dashboard";
    this.lifetimeSeconds = options.lifetimeSeconds ?? SESSION_LIFETIME_SECONDS;
  }

  async issue(userId: string, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(now + this.lifetimeSeconds * 1000);
    const { SignJWT } = await jose();
    const token = await new SignJWT({ kind: "session" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(userId)
      .setIssuer(this.issuer)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<string> {
    const { jwtVerify, errors } = await jose();
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: this.issuer, algorithms: ["HS256"], requiredClaims: ["exp", "iat"] });
      if (payload.kind !== "session" || typeof payload.sub !== "string") throw new Error("not a session");
      const nowSeconds = Math.floor(Date.now() / 1000);
      if (payload.exp! - payload.iat! > this.lifetimeSeconds || payload.exp! - nowSeconds > this.lifetimeSeconds + CLOCK_SKEW_SECONDS) {
        throw new Error("lifetime longer than the configured one");
      }
      return payload.sub;
    } catch (err) {
      if (err instanceof errors.JWTExpired) {
        throw ApiError.unauthenticated("Your session has expired.", "The widget renews it by itself; reload the widget if this persists.").saying("sessionExpired");
      }
      throw ApiError.unauthenticated("The session token is not valid.", "Reload the widget to sign in again.").saying("sessionInvalid");
    }
  }
}
