import type { AuthentikConfig } from "../config/config.ts";
import type { AuthentikUser } from "./types.ts";
import { USER_ID_PATTERN, serverNameOf } from "../../../shared/matrix-ids.ts";
import { said, type Said } from "../../../shared/said.ts";

export type IdentityRule = Pick<AuthentikConfig, "matrixIdAttribute" | "localpartTemplate" | "subjectMode" | "synapseAuthProvider">;

export type Identity =
  | { ok: true; userId: string; source: "attribute" | "template"; externalId: string; local: boolean }
  | { ok: false; reason: Said };

const KEPT = new Set("_-./+abcdefghijklmnopqrstuvwxyz0123456789");
const ASCII_A = 0x41;
const ASCII_Z = 0x5a;

/**
 * Synapse's own `map_username_to_mxid_localpart` (synapse/types/__init__.py): on the UTF-8 bytes,
 * lower-case ASCII letters only (Python's `bytes.lower()`: "Ö" stays "Ö", so it becomes `=c3=96`),
 * every byte outside `[a-z0-9_\-./+]` as `=xx` ("=" included), and a leading underscore escaped.
 * Synapse applies it to the SSO localpart template, so an account the sync creates is the one the
 * person later signs in to.
 */
export function mxidLocalpartOf(name: string): string {
  let out = "";
  for (let byte of Buffer.from(name, "utf8")) {
    if (byte >= ASCII_A && byte <= ASCII_Z) byte += 0x20;
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && KEPT.has(ch) ? ch : `=${byte.toString(16).padStart(2, "0")}`;
  }
  return out.replace(/^_/, "=5f");
}

function attributeAt(attributes: Record<string, unknown>, path: string): unknown {
  let value: unknown = attributes;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function externalIdOf(user: AuthentikUser, mode: IdentityRule["subjectMode"]): string {
  switch (mode) {
    case "hashed_user_id":
      return user.uid;
    case "user_id":
      return String(user.pk);
    case "user_uuid":
      return user.uuid;
    case "user_username":
      return user.username;
    case "user_email":
      return user.email;
  }
}

/**
 * A person's Matrix ID: the configured attribute when it holds one, else the localpart template on
 * the homeserver's server name (the part after the colon in Matrix IDs, not the client URL's host).
 */
export function identityOf(user: AuthentikUser, rule: IdentityRule, serverName: string): Identity {
  const externalId = externalIdOf(user, rule.subjectMode);
  const fromAttribute = attributeAt(user.attributes, rule.matrixIdAttribute);
  if (typeof fromAttribute === "string" && fromAttribute.trim() !== "") {
    const userId = fromAttribute.trim();
    if (!USER_ID_PATTERN.test(userId)) {
      const attribute = `attributes.${rule.matrixIdAttribute}`;
      const text = `${user.username}: ${attribute} is "${userId}", not a Matrix ID such as @alice:${serverName}`;
      return { ok: false, reason: said("sync.identity-attribute-invalid", text, { username: user.username, attribute, value: userId, server: serverName }) };
    }
    return { ok: true, userId, source: "attribute", externalId, local: serverNameOf(userId) === serverName };
  }
  const emailLocalpart = user.email.split("@")[0] ?? "";
  if (rule.localpartTemplate.includes("{email_localpart}") && !emailLocalpart) {
    return { ok: false, reason: said("sync.identity-no-email", `${user.username}: the localpart template needs an email address and this user has none`, { username: user.username }) };
  }
  const rendered = rule.localpartTemplate
    .replaceAll("{username}", user.username)
    .replaceAll("{pk}", String(user.pk))
    .replaceAll("{email_localpart}", emailLocalpart);
  const localpart = mxidLocalpartOf(rendered);
  const userId = `@${localpart}:${serverName}`;
  if (!localpart || userId.length > 255) {
    return { ok: false, reason: said("sync.identity-template-invalid", `${user.username}: the localpart template gives "${rendered}", which cannot be a Matrix ID`, { username: user.username, value: rendered }) };
  }
  return { ok: true, userId, source: "template", externalId, local: true };
}
