import { SignJWT, jwtVerify, errors } from "jose";
import { ApiError } from "../errors/api-error.ts";

export const SESSION_LIFETIME_SECONDS = 15 * 60;

/** Short-lived session tokens (HS256 JWT) for people signed in through the widget. */
export class SessionTokens {
  private readonly key: Uint8Array;
  private readonly issuer: string;

  constructor(secret: string, issuer = "matrix-community-dashboard") {
    this.key = new TextEncoder().encode(secret);
    this.issuer = issuer;
  }

  async issue(userId: string, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(now + SESSION_LIFETIME_SECONDS * 1000);
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
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: this.issuer, algorithms: ["HS256"] });
      if (payload.kind !== "session" || typeof payload.sub !== "string") throw new Error("not a session");
      return payload.sub;
    } catch (err) {
      if (err instanceof errors.JWTExpired) {
        throw ApiError.unauthenticated("Your session has expired.", "The widget renews it by itself; reload the widget if this persists.");
      }
      throw ApiError.unauthenticated("The session token is not valid.", "Reload the widget to sign in again.");
    }
  }
}
