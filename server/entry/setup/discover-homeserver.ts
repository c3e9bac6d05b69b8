import { describeNetworkError, networkCode } from "../../kernel/errors/homeserver-failure.ts";
import { SetupError } from "./matrix-account.ts";

export type Discovered = { baseUrl: string; via: "well-known" | "direct" };

type Probe = { ok: true; body: any; status: number } | { ok: false; status?: number; error?: unknown };

async function getJson(url: string): Promise<Probe> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "follow" });
    const body = await res.json().catch(() => undefined);
    return res.ok && body !== undefined ? { ok: true, body, status: res.status } : { ok: false, status: res.status };
  } catch (err) {
    return { ok: false, error: (err as Error).name === "TimeoutError" ? { code: "ETIMEDOUT" } : err };
  }
}

async function isHomeserver(baseUrl: string): Promise<boolean> {
  const probe = await getJson(`${baseUrl}/_matrix/client/versions`);
  return probe.ok && Array.isArray(probe.body?.versions);
}

const trimmed = (url: string) => url.replace(/\/+$/, "");

/**
 * Finds the client-server API URL the way Element does: `.well-known/matrix/client` on the server
 * name (or on the origin of a URL), else the address itself when a homeserver answers there.
 */
export async function discoverHomeserver(input: string): Promise<Discovered> {
  const given = input.trim();
  const isUrl = /^https?:\/\//i.test(given);
  if (!isUrl && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(given)) {
    throw new SetupError(`"${given}" is neither a server name nor a URL.`, "Give the server name (example.org) or the homeserver URL (https://matrix.example.org).");
  }
  const origin = isUrl ? new URL(given).origin : `https://${given}`;
  const direct = isUrl ? trimmed(given) : origin;

  const wellKnown = await getJson(`${origin}/.well-known/matrix/client`);
  if (!wellKnown.ok && wellKnown.error !== undefined) {
    const code = networkCode(wellKnown.error);
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new SetupError(
        `The server name ${new URL(origin).host} is unknown: its host name does not resolve (DNS, ${code}).`,
        "Check the spelling of the server name (the part after the colon in your Matrix ID), or give the homeserver URL directly.",
      );
    }
    const failure = describeNetworkError(wellKnown.error);
    throw new SetupError(`Cannot reach ${origin}: ${failure.message}.`, failure.hint.replace("MATRIX_HOMESERVER", "the address you gave"));
  }
  const advertised = wellKnown.ok ? wellKnown.body?.["m.homeserver"]?.base_url : undefined;
  if (typeof advertised === "string" && URL.canParse(advertised)) {
    const baseUrl = trimmed(advertised);
    if (await isHomeserver(baseUrl)) return { baseUrl, via: "well-known" };
    throw new SetupError(
      `${origin}/.well-known/matrix/client points at ${baseUrl}, but no Matrix homeserver answers there.`,
      "Fix m.homeserver.base_url in that .well-known file, or give the homeserver URL directly.",
    );
  }
  if (await isHomeserver(direct)) return { baseUrl: direct, via: "direct" };
  throw new SetupError(
    `${given} has no .well-known/matrix/client (${origin}/.well-known/matrix/client answered ${wellKnown.ok ? "without m.homeserver.base_url" : `HTTP ${wellKnown.status}`}) and no Matrix homeserver answers at ${direct}.`,
    "Give the homeserver URL directly (Element shows it under Settings → Help & About), or publish /.well-known/matrix/client on the server name's web server.",
  );
}
