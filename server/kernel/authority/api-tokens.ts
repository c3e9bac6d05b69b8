import type { DatabaseSync } from "node:sqlite";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiTokenInfo } from "../../../shared/api-tokens.ts";
import type { ActionFamily } from "../../../shared/actions.ts";
import { ApiError } from "../errors/api-error.ts";

export const API_TOKEN_PREFIX = "mcd_";

const hash = (secret: string) => createHash("sha256").update(secret).digest();

function info(r: any): ApiTokenInfo {
  return {
    id: r.id,
    name: r.name,
    scopes: JSON.parse(r.scopes),
    powerLevel: r.power_level,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/** Automation tokens: `mcd_<id>_<secret>`; only a SHA-256 of the secret is stored. */
export class ApiTokens {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  static looksLikeToken(raw: string): boolean {
    return raw.startsWith(API_TOKEN_PREFIX);
  }

  create(o: { name: string; scopes: ActionFamily[]; expiresInDays: number; createdBy: string; powerLevel: number }): { token: string; info: ApiTokenInfo } {
    const id = randomBytes(6).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const now = new Date();
    const expires = new Date(now.getTime() + o.expiresInDays * 86_400_000);
    this.db
      .prepare("INSERT INTO api_tokens (id, name, hash, scopes, power_level, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(id, o.name, hash(secret).toString("hex"), JSON.stringify(o.scopes), o.powerLevel, o.createdBy, now.toISOString(), expires.toISOString());
    return { token: `${API_TOKEN_PREFIX}${id}_${secret}`, info: this.get(id)! };
  }

  get(id: string): ApiTokenInfo | undefined {
    const r = this.db.prepare("SELECT * FROM api_tokens WHERE id = ?").get(id);
    return r ? info(r) : undefined;
  }

  list(): ApiTokenInfo[] {
    return this.db.prepare("SELECT * FROM api_tokens ORDER BY created_at DESC").all().map(info);
  }

  revoke(id: string): ApiTokenInfo {
    const res = this.db.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(new Date().toISOString(), id);
    if (res.changes === 0) throw ApiError.notFound(`No active API token ${id}.`);
    return this.get(id)!;
  }

  /** Checks a presented token; every failure is the same 401 so nothing leaks about which part was wrong. */
  verify(raw: string): ApiTokenInfo {
    const match = /^mcd_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/.exec(raw);
    const row = match ? (this.db.prepare("SELECT * FROM api_tokens WHERE id = ?").get(match[1]!) as any) : undefined;
    const valid = row && match && timingSafeEqual(Buffer.from(row.hash, "hex"), hash(match[2]!));
    if (!valid) throw ApiError.unauthenticated("The API token is not valid.", "Create a token in the dashboard's Automation screen.");
    if (row.revoked_at) throw ApiError.unauthenticated(`The API token "${row.name}" was revoked.`, "Create a new token.");
    if (Date.parse(row.expires_at) < Date.now()) throw ApiError.unauthenticated(`The API token "${row.name}" expired on ${row.expires_at}.`, "Create a new token.");
    this.db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(new Date().toISOString(), row.id);
    return info(row);
  }
}
