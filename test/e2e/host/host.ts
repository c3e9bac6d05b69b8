import { ClientWidgetApi, Widget, type IWidget } from "matrix-widget-api";
import { widgetUrlTemplate } from "../../../shared/widget-url.ts";
import { behaviourFrom, type HostConfig } from "./host-config.ts";
import { TestWidgetDriver } from "./test-driver.ts";

/**
 * The page that plays Element around the widget: it frames the widget the way Element does
 * (templated URL, widgetId and parentUrl in the query) and answers its API with TestWidgetDriver.
 */
const WIDGET_ID = "community-dashboard";

const query = new URLSearchParams(location.search);
const behaviour = behaviourFrom(query);
const config = (await (await fetch(`host-config.json?as=${encodeURIComponent(query.get("as") ?? "")}`)).json()) as HostConfig;

const definition: IWidget = {
  id: WIDGET_ID,
  creatorUserId: config.widgetCreator,
  type: "m.custom",
  name: "Community Dashboard",
  url: widgetUrlTemplate(config.dashboardUrl),
  waitForIframeLoad: true,
};
const widget = new Widget(definition);
const driver = new TestWidgetDriver(config, behaviour, (uri) => {
  document.getElementById("navigated")!.textContent = `The widget asked to open ${uri}; Element would switch to that room now.`;
});

const src = new URL(
  widget.getCompleteUrl({
    widgetRoomId: config.roomId,
    currentUserId: config.person.userId,
    clientTheme: behaviour.theme,
    clientLanguage: behaviour.language,
    clientId: "org.example.test-host",
  }),
);
src.searchParams.set("widgetId", WIDGET_ID);
src.searchParams.set("parentUrl", location.href.split("#", 1)[0]!);

const iframe = document.createElement("iframe");
iframe.title = "Community Dashboard";
// What Element grants every widget frame (AppTile's iframe features), clipboard included.
iframe.allow = "microphone; camera; encrypted-media; autoplay; display-capture; clipboard-write; clipboard-read;";
iframe.src = src.toString().replace(/%24/g, "$");
document.getElementById("widget-slot")!.append(iframe);
// Created right after the iframe is attached, before it can fire "load", as Element does.
const api = new ClientWidgetApi(widget, iframe, driver);

const widgetReady = new Promise<void>((resolve) => api.once("ready", () => resolve()));

function showTheme(name: string): void {
  const dark = name.includes("dark") || (name === "" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

async function setTheme(name: string): Promise<void> {
  showTheme(name);
  await api.updateTheme({ name });
}

function toolbar(): void {
  const bar = document.getElementById("toolbar")!;
  for (const p of config.people) {
    const link = document.createElement("a");
    link.href = `?as=${encodeURIComponent(p.key)}&theme=${encodeURIComponent(document.documentElement.dataset.theme ?? "light")}`;
    link.textContent = p.label;
    link.setAttribute("aria-current", String(p.key === config.person.key));
    bar.append(link);
  }
  for (const name of ["light", "dark"]) {
    const button = document.createElement("button");
    button.textContent = `${name} theme`;
    button.onclick = () => void setTheme(name);
    bar.append(button);
  }
  document.getElementById("who")!.textContent = `You are ${config.person.userId} (${config.person.label}). The widget in the side panel signs in with an OpenID token from ${config.homeserverUrl}.`;
}

showTheme(behaviour.theme);
toolbar();

/** What the browser tests read and drive. */
Object.assign(window, {
  testHost: {
    widgetReady,
    setTheme,
    setLanguage: (lang: string) => api.updateLanguage(lang),
    navigations: driver.navigations,
    openIdRequests: () => driver.openIdRequests,
  },
});
