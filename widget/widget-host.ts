import { MatrixCapabilities, WidgetApi, WidgetApiToWidgetAction, type IWidgetApiRequest } from "matrix-widget-api";
import type { OpenIdToken } from "../shared/session.ts";
import { Problem } from "./client/problem.ts";

/** Navigate opens rooms from the widget; requires_client hides Element's pop-out, where the widget API does not exist. */
const CAPABILITIES = [MatrixCapabilities.MSC2931Navigate, MatrixCapabilities.RequiresClient];

/** How long the client has to start talking; the wait for the user's approval comes after and is not limited. */
const CONTACT_TIMEOUT_MS = 10_000;

export type HostListeners = {
  onThemeChange(themeName: string): void;
  onLanguageChange(language: string): void;
};

/**
 * The widget's side of the Matrix widget API: the only place that talks postMessage to Element.
 * It accepts messages only from the parent window at the client's origin, and sends only there.
 */
export class WidgetHost {
  private readonly api: WidgetApi;
  /** Resolves once capabilities are negotiated; rejects with a not-in-host problem if the client never answers. */
  readonly ready: Promise<void>;

  private constructor(widgetId: string, clientOrigin: string, listeners: HostListeners) {
    window.addEventListener("message", (event) => {
      // Registered before the API's own listener: drop what is not from the client before it is parsed.
      if (event.source !== window.parent || event.origin !== clientOrigin) event.stopImmediatePropagation();
    });
    this.api = new WidgetApi(widgetId, clientOrigin);
    this.api.requestCapabilities(CAPABILITIES);
    this.answer(WidgetApiToWidgetAction.ThemeChange, (data) => listeners.onThemeChange(String(data.name ?? "")));
    this.answer(WidgetApiToWidgetAction.LanguageChange, (data) => listeners.onLanguageChange(String(data.lang ?? "")));
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Problem("not-in-host", "no-answer")),
        CONTACT_TIMEOUT_MS,
      );
      this.api.once(`action:${WidgetApiToWidgetAction.Capabilities}`, () => clearTimeout(timer));
      this.api.once("ready", () => resolve());
    });
    this.api.start();
  }

  /** Starts the widget API, or throws a not-in-host problem when no client can be talking to us. */
  static connect(options: { widgetId: string | undefined; parentUrl: string | undefined; listeners: HostListeners }): WidgetHost {
    const origin = clientOrigin(options.parentUrl, document.referrer);
    if (window.parent === window) throw new Problem("not-in-host", "direct");
    if (!options.widgetId || !origin) throw new Problem("not-in-host", "untemplated");
    return new WidgetHost(options.widgetId, origin, options.listeners);
  }

  canNavigate(): boolean {
    return this.api.hasCapability(MatrixCapabilities.MSC2931Navigate);
  }

  /** Asks Element to open a room (MSC2931); the caller checks canNavigate() first. */
  async openRoom(roomId: string): Promise<void> {
    await this.api.navigateTo(`https://matrix.to/#/${encodeURIComponent(roomId)}`);
  }

  /** A fresh OpenID token from the client; Element may ask the user first. */
  async openIdToken(): Promise<OpenIdToken> {
    let credentials;
    try {
      credentials = await this.api.requestOpenIDConnectToken();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/declined/i.test(message)) throw new Problem("openid-refused", message);
      throw new Problem("failed", `Element did not give the widget an identity token: ${message}`);
    }
    if (!credentials.access_token || !credentials.matrix_server_name) {
      throw new Problem("failed", "Element answered the identity request without a token.");
    }
    return {
      access_token: credentials.access_token,
      matrix_server_name: credentials.matrix_server_name,
      token_type: "Bearer",
      ...(credentials.expires_in ? { expires_in: credentials.expires_in } : {}),
    };
  }

  /** Actions the client sends must be acknowledged, or Element logs "unsupported action". */
  private answer(action: WidgetApiToWidgetAction, handle: (data: Record<string, unknown>) => void): void {
    this.api.on(`action:${action}`, (event: CustomEvent<IWidgetApiRequest>) => {
      event.preventDefault();
      this.api.transport.reply(event.detail, {});
      handle(event.detail.data);
    });
  }
}

/** The client's origin from Element's parentUrl (the referrer as a fallback); never "*". */
function clientOrigin(parentUrl: string | undefined, referrer: string): string | undefined {
  for (const candidate of [parentUrl, referrer]) {
    if (!candidate || !URL.canParse(candidate)) continue;
    const origin = new URL(candidate).origin;
    if (origin !== "null") return origin;
  }
  return undefined;
}
