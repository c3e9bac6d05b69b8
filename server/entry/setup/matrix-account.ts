import { createHmac } from "node:crypto";
import { describeNetworkError } from "../../kernel/errors/homeserver-failure.ts";

/** The name of the bot's device, so admins recognise it under Settings → Sessions. */
export const BOT_DEVICE_NAME = "Community Dashboard bot";

/** A refusal or failure from the homeserver during setup, said so the admin can act on it. */
export class SetupError extends Error {
  readonly fix: string;
  constructor(message: string, fix: string) {
    super(message);
    this.name = "SetupError";
    this.fix = fix;
  }
}

type MatrixAnswer = { status: number; body: Record<string, any> };

async function call(url: string, init: RequestInit & { token?: string } = {}): Promise<MatrixAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { "content-type": "application/json", ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    const failure = (err as Error).name === "TimeoutError" ? describeNetworkError({ code: "ETIMEDOUT" }) : describeNetworkError(err);
    throw new SetupError(`${failure.message} (${new URL(url).origin})`, failure.hint);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, any>;
  return { status: res.status, body };
}

export type Session = { userId: string; accessToken: string; deviceId: string };

/** Logs in with m.login.password under a named device; the password is used for this request only. */
export async function passwordLogin(homeserverUrl: string, user: string, password: string, deviceName: string): Promise<Session> {
  const { status, body } = await call(`${homeserverUrl}/_matrix/client/v3/login`, {
    method: "POST",
    body: JSON.stringify({
      type: "m.login.password",
      identifier: { type: "m.id.user", user },
      password,
      initial_device_display_name: deviceName,
    }),
  });
  if (status === 200) return { userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id };
  if (body.errcode === "M_FORBIDDEN") {
    throw new SetupError(
      `The homeserver refused the login of ${user}: wrong password, or no such account (M_FORBIDDEN).`,
      "Check the bot account's name and password; to create the account, run setup with --register and the registration shared secret.",
    );
  }
  if (body.errcode === "M_USER_DEACTIVATED") {
    throw new SetupError(`The account ${user} is deactivated.`, "Use another account for the bot, or reactivate it with Synapse's admin API.");
  }
  if (body.errcode === "M_LIMIT_EXCEEDED") {
    throw new SetupError("The homeserver rate-limited the login attempts.", `Wait ${Math.ceil((body.retry_after_ms ?? 60_000) / 1000)} s and try again.`);
  }
  if (status === 400 && body.errcode === "M_UNKNOWN") {
    throw new SetupError(`The homeserver does not accept password logins (${body.error ?? "M_UNKNOWN"}).`, "Enable password login for the bot account (Synapse: password_config.enabled) or create its token another way.");
  }
  throw new SetupError(`Login failed: HTTP ${status} ${body.errcode ?? ""} ${body.error ?? ""}`.trim(), "See the homeserver's message.");
}

export async function whoami(homeserverUrl: string, accessToken: string): Promise<{ userId: string; deviceId?: string } | undefined> {
  const { status, body } = await call(`${homeserverUrl}/_matrix/client/v3/account/whoami`, { token: accessToken });
  if (status === 200) return { userId: body.user_id, deviceId: body.device_id };
  if (status === 401) return undefined;
  throw new SetupError(`Checking the token failed: HTTP ${status} ${body.errcode ?? ""}`.trim(), "Check the homeserver and try again.");
}

/** Logs a token out (its device goes away); an already invalid token counts as done. */
export async function logout(homeserverUrl: string, accessToken: string): Promise<void> {
  const { status, body } = await call(`${homeserverUrl}/_matrix/client/v3/logout`, { method: "POST", token: accessToken, body: "{}" });
  if (status !== 200 && status !== 401) {
    throw new SetupError(`Logging the old token out failed: HTTP ${status} ${body.errcode ?? ""}`.trim(), "Log it out from Element (Settings → Sessions) instead.");
  }
}

/**
 * Creates an account with Synapse's shared-secret registration (the secret is
 * `registration_shared_secret` in homeserver.yaml). Answers "exists" when the name is taken.
 */
export async function registerWithSharedSecret(
  homeserverUrl: string,
  o: { sharedSecret: string; localpart: string; password: string; admin: boolean; displayName: string },
): Promise<"created" | "exists"> {
  const url = `${homeserverUrl}/_synapse/admin/v1/register`;
  const nonce = await call(url);
  if (nonce.status !== 200 || typeof nonce.body.nonce !== "string") {
    throw new SetupError(
      "The homeserver does not offer shared-secret registration (GET /_synapse/admin/v1/register failed).",
      "Set registration_shared_secret in homeserver.yaml and expose /_synapse/admin to this machine, or create the bot account yourself and run setup without --register.",
    );
  }
  const mac = createHmac("sha1", o.sharedSecret)
    .update(`${nonce.body.nonce}\0${o.localpart}\0${o.password}\0${o.admin ? "admin" : "notadmin"}`)
    .digest("hex");
  const { status, body } = await call(url, {
    method: "POST",
    body: JSON.stringify({ nonce: nonce.body.nonce, username: o.localpart, password: o.password, admin: o.admin, mac, displayname: o.displayName }),
  });
  if (status === 200) {
    // Registration signs in an unnamed device; setup logs in again under a named one.
    if (body.access_token) await logout(homeserverUrl, body.access_token);
    return "created";
  }
  if (body.errcode === "M_USER_IN_USE") return "exists";
  if (status === 403 || body.errcode === "M_UNAUTHORIZED") {
    throw new SetupError("The homeserver rejected the registration shared secret.", "Copy registration_shared_secret exactly from homeserver.yaml.");
  }
  throw new SetupError(`Registration failed: HTTP ${status} ${body.errcode ?? ""} ${body.error ?? ""}`.trim(), "See the homeserver's message.");
}

const TOKEN_STAGE = "m.login.registration_token";
/** Stages setup can complete on its own; anything else (email, captcha, terms) needs a person. */
const STAGES_SETUP_CAN_DO = new Set([TOKEN_STAGE, "m.login.dummy"]);

/**
 * Creates an account through open registration with a registration token (Synapse's
 * `registration_requires_token`), for homeservers whose shared secret the admin does not hold.
 * Answers "exists" when the name is taken.
 */
export async function registerWithToken(
  homeserverUrl: string,
  o: { registrationToken: string; localpart: string; password: string },
): Promise<"created" | "exists"> {
  const base = `${homeserverUrl}/_matrix/client/v3/register`;
  const validity = await call(`${homeserverUrl}/_matrix/client/v1/register/${TOKEN_STAGE}/validity?token=${encodeURIComponent(o.registrationToken)}`);
  if (validity.status === 200 && validity.body.valid === false) {
    throw new SetupError(
      "The homeserver does not accept this registration token: it is unknown, used up or expired.",
      "Create a new one with Synapse's admin API (POST /_synapse/admin/v1/registration_tokens/new) or ask the homeserver's admin for one.",
    );
  }
  const request = { username: o.localpart, password: o.password, inhibit_login: true, initial_device_display_name: BOT_DEVICE_NAME };
  let answer = await call(base, { method: "POST", body: JSON.stringify(request) });
  if (answer.body.errcode === "M_USER_IN_USE") return "exists";
  if (answer.status === 403) {
    throw new SetupError(
      `The homeserver does not allow registration (${answer.body.errcode ?? "HTTP 403"}: ${answer.body.error ?? "forbidden"}).`,
      "Create the bot account with the registration shared secret (--registration-shared-secret), or create it yourself and run setup with --bot-password.",
    );
  }
  const flows = (answer.body.flows ?? []) as Array<{ stages: string[] }>;
  const flow = flows.find((f) => f.stages.includes(TOKEN_STAGE) && f.stages.every((stage) => STAGES_SETUP_CAN_DO.has(stage)));
  if (answer.status !== 401 || !flow) {
    const asked = [...new Set(flows.flatMap((f) => f.stages))].join(", ") || `HTTP ${answer.status}`;
    throw new SetupError(
      `Registration on this homeserver asks for steps setup cannot take with a token (${asked}).`,
      "Create the bot account yourself (or with --registration-shared-secret), then run setup with --bot-password.",
    );
  }
  const session = answer.body.session as string;
  for (const stage of flow.stages) {
    if (((answer.body.completed ?? []) as string[]).includes(stage)) continue;
    const auth = stage === TOKEN_STAGE ? { type: stage, token: o.registrationToken, session } : { type: stage, session };
    answer = await call(base, { method: "POST", body: JSON.stringify({ ...request, auth }) });
    if (answer.status === 200) return "created";
    if (answer.body.errcode === "M_USER_IN_USE") return "exists";
    if (answer.status !== 401 || answer.body.errcode) {
      throw new SetupError(
        `Registration failed at ${stage}: ${answer.body.errcode ?? `HTTP ${answer.status}`} ${answer.body.error ?? ""}`.trim(),
        stage === TOKEN_STAGE ? "Check the registration token (uses left, expiry) with the homeserver's admin." : "See the homeserver's message.",
      );
    }
  }
  throw new SetupError("Registration did not finish after every step of its flow.", "See the homeserver's log; create the account yourself and run setup with --bot-password.");
}

export async function setDisplayName(homeserverUrl: string, session: Session, displayName: string): Promise<void> {
  const path = `/_matrix/client/v3/profile/${encodeURIComponent(session.userId)}/displayname`;
  const { status, body } = await call(`${homeserverUrl}${path}`, { method: "PUT", token: session.accessToken, body: JSON.stringify({ displayname: displayName }) });
  if (status !== 200) throw new SetupError(`Naming the bot failed: HTTP ${status} ${body.errcode ?? ""}`.trim(), "Set its display name from Element; nothing else depends on it.");
}

export async function defaultRoomVersion(homeserverUrl: string, accessToken: string): Promise<string | undefined> {
  const { status, body } = await call(`${homeserverUrl}/_matrix/client/v3/capabilities`, { token: accessToken });
  return status === 200 ? body.capabilities?.["m.room_versions"]?.default : undefined;
}
