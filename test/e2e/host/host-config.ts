/** What the host server tells its page: where things are, and who the page plays in Element. */
export type HostConfig = {
  dashboardUrl: string;
  homeserverUrl: string;
  /** The room the widget is installed in (the moderator room). */
  roomId: string;
  widgetCreator: string;
  person: { key: string; label: string; userId: string; accessToken: string };
  /** Everyone the page can switch to, without their tokens. */
  people: Array<{ key: string; label: string }>;
};

/** Per-page behaviour, from the host page's query string. */
export type HostBehaviour = {
  openId: "allow" | "refuse" | "refuse-once";
  capabilities: "grant" | "refuse";
  /** Element theme name; "" is Element's "match system" setting. */
  theme: string;
  language: string;
};

export function behaviourFrom(query: URLSearchParams): HostBehaviour {
  const openId = query.get("openid");
  return {
    openId: openId === "refuse" || openId === "refuse-once" ? openId : "allow",
    capabilities: query.get("caps") === "refuse" ? "refuse" : "grant",
    theme: query.get("theme") ?? "light",
    language: query.get("lang") ?? "en",
  };
}
