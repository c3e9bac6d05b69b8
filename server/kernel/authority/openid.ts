import { ApiError } from "../errors/api-error.ts";
import { describeNetworkError } from "../errors/homeserver-failure.ts";
import type { OpenIdToken } from "../../../shared/session.ts";
import { USER_ID_PATTERN, serverNameOf } from "../../../shared/matrix-ids.ts";

/**
 * Verifies a widget's OpenID token at the configured homeserver only. The server name in the
 * token must be ours: no request ever goes to a host named by the caller.
 */
export async function verifyOpenIdToken(token: OpenIdToken, homeserverUrl: string, serverName: string): Promise<string> {
  if (token.matrix_server_name !== serverName) {
    throw ApiError.unauthenticated(
      `This OpenID token was issued by ${token.matrix_server_name}, but the dashboard only accepts accounts of ${serverName}.`,
      `Sign in to Element with your ${serverName} account.`,
    ).saying("openIdOtherServer", { issuer: token.matrix_server_name, server: serverName });
  }
  const url = `${homeserverUrl}/_matrix/federation/v1/openid/userinfo?access_token=${encodeURIComponent(token.access_token)}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const failure = describeNetworkError(err);
    throw new ApiError(502, failure.code, `Cannot verify your identity: ${failure.message}`, failure.hint).saying("openIdUnreachable", { cause: failure.said?.params?.cause ?? "" });
  }
  if (res.status === 401 || res.status === 403) {
    throw ApiError.unauthenticated("Your OpenID token is invalid or has expired.", "Reload the widget to get a fresh token from Element.").saying("openIdInvalid");
  }
  if (res.status === 404) {
    throw new ApiError(
      502,
      "homeserver_openid_unavailable",
      "The homeserver does not serve the OpenID userinfo endpoint.",
      "Add the `openid` resource to a Synapse listener that the dashboard can reach (listeners → resources → names: [client, openid]).",
    ).saying("openIdNoEndpoint");
  }
  const body = (await res.json().catch(() => null)) as { sub?: unknown } | null;
  if (!res.ok || typeof body?.sub !== "string") {
    throw new ApiError(502, "homeserver_error", `The homeserver could not verify the OpenID token (HTTP ${res.status}).`, "Try again; if it persists, check the homeserver's logs.").saying("openIdFailed", { status: res.status });
  }
  // The homeserver vouches for the user; it must also be one of ours, or a misconfigured (or
  // shared) homeserver could sign in someone the moderator room never named under our server name.
  if (!USER_ID_PATTERN.test(body.sub) || serverNameOf(body.sub) !== serverName) {
    throw ApiError.unauthenticated(
      `The homeserver vouched for "${body.sub}", which is not a user of ${serverName}.`,
      `Sign in to Element with your ${serverName} account; if you did, check that MATRIX_HOMESERVER is the homeserver of ${serverName}.`,
    ).saying("openIdForeignUser", { user: body.sub, server: serverName });
  }
  return body.sub;
}
