import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, FrameLocator, Locator, Page } from "playwright-core";
import type { SynapseInfo } from "../synapse/synapse.ts";
import { seedCommunity, type Community, type CommunityOptions, type Person } from "../synapse/community.ts";
import { freePort } from "../synapse/free-port.ts";
import { projectRoot } from "../synapse/install.ts";
import { startDashboard, type TestDashboard } from "../helpers/dashboard.ts";
import { launchChromium } from "./browser.ts";
import { startHostServer, type HostServer } from "./host-server.ts";
import { ensureWidgetBuilt } from "./widget-build.ts";

/** One community, dashboard, host page and browser page for a whole test file; tests reuse the page. */
export type WidgetRig = {
  c: Community;
  dash: TestDashboard;
  host: HostServer;
  browser: Browser;
  page: Page;
  /** The widget inside the host page. */
  widget: FrameLocator;
  /** Opens the host page as a moderator ("mod1", "mod2"…; the first by default) and waits until the widget is signed in. */
  open(query?: string, as?: string): Promise<FrameLocator>;
  navigations(): Promise<string[]>;
  /** Console messages about Content Security Policy violations (the dashboard allows no inline script). */
  cspViolations: string[];
  close(): Promise<void>;
};

/**
 * `hs` may be the shared test Synapse or one of a test bed's own (bridges); `prepare` may return extra
 * dashboard settings (Authentik, intake room), and `env` adds more (a bridge's settings, for instance).
 */
export async function startWidgetRig(
  hs: SynapseInfo,
  seed: CommunityOptions,
  prepare?: (c: Community) => Promise<void | Record<string, string>>,
  options: { env?: Record<string, string> } = {},
): Promise<WidgetRig> {
  ensureWidgetBuilt();
  const c = await seedCommunity(hs, seed);
  const env = (await prepare?.(c)) ?? {};
  const hostPort = await freePort();
  const dash = await startDashboard(c, { ...env, ALLOWED_CLIENT_ORIGINS: `http://127.0.0.1:${hostPort}`, ...options.env });
  const as = (key: string, label: string, p: Person) => ({ key, label, userId: p.userId, accessToken: p.accessToken });
  const host = await startHostServer({
    port: hostPort,
    dashboardUrl: dash.url,
    homeserverUrl: hs.baseUrl,
    roomId: c.moderatorRoom.roomId,
    widgetCreator: c.bot.userId,
    people: c.moderators.map((m, i) => as(`mod${i + 1}`, `Moderator ${i + 1}`, m)),
  });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 2, acceptDownloads: true });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) cspViolations.push(message.text());
  });
  const widget = page.frameLocator("iframe");
  return {
    c,
    dash,
    host,
    browser,
    page,
    widget,
    cspViolations,
    async open(query = "", as = "mod1") {
      await page.goto(`${host.url}?as=${as}${query}`);
      await widget.locator("[data-user-id]").first().waitFor();
      return widget;
    },
    navigations: () => page.evaluate(() => (window as unknown as { testHost: { navigations: string[] } }).testHost.navigations),
    async close() {
      await browser.close();
      await host.close();
      await dash.close();
    },
  };
}

/** Keeps screenshots in test-results/; with UPDATE_SCREENSHOTS=1 also refreshes the copy in docs/ that the README shows. */
export async function screenshot(target: Locator, name: string): Promise<void> {
  const file = path.join(projectRoot, "test-results", name);
  mkdirSync(path.dirname(file), { recursive: true });
  await target.screenshot({ path: file, animations: "disabled" });
  if (process.env.UPDATE_SCREENSHOTS === "1") copyFileSync(file, path.join(projectRoot, "docs", name));
}
