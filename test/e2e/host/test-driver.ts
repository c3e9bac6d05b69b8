import { OpenIDRequestState, WidgetDriver, type Capability, type IOpenIDUpdate, type SimpleObservable } from "matrix-widget-api";
import type { HostBehaviour, HostConfig } from "./host-config.ts";

/**
 * Element's half of the widget API for tests and the demo: identity comes from the real
 * homeserver with the person's own access token, which never leaves this page.
 */
export class TestWidgetDriver extends WidgetDriver {
  readonly navigations: string[] = [];
  openIdRequests = 0;
  private readonly config: HostConfig;
  private readonly behaviour: HostBehaviour;
  private readonly onNavigate: (uri: string) => void;

  constructor(config: HostConfig, behaviour: HostBehaviour, onNavigate: (uri: string) => void) {
    super();
    this.config = config;
    this.behaviour = behaviour;
    this.onNavigate = onNavigate;
  }

  override async validateCapabilities(requested: Set<Capability>): Promise<Set<Capability>> {
    return this.behaviour.capabilities === "grant" ? requested : new Set();
  }

  override askOpenID(observer: SimpleObservable<IOpenIDUpdate>): void {
    this.openIdRequests++;
    const refuse = this.behaviour.openId === "refuse" || (this.behaviour.openId === "refuse-once" && this.openIdRequests === 1);
    if (refuse) {
      observer.update({ state: OpenIDRequestState.Blocked });
      return;
    }
    const { homeserverUrl, person } = this.config;
    fetch(`${homeserverUrl}/_matrix/client/v3/user/${encodeURIComponent(person.userId)}/openid/request_token`, {
      method: "POST",
      headers: { authorization: `Bearer ${person.accessToken}`, "content-type": "application/json" },
      body: "{}",
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(`request_token answered ${res.status}`);
        observer.update({ state: OpenIDRequestState.Allowed, token: await res.json() });
      })
      .catch((err: unknown) => {
        console.error("OpenID token request failed", err);
        observer.update({ state: OpenIDRequestState.Blocked });
      });
  }

  override async navigate(uri: string): Promise<void> {
    this.navigations.push(uri);
    this.onNavigate(uri);
  }
}
