import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { seedCommunity, type Community, type Person } from "../synapse/community.ts";
import { freePort } from "../synapse/free-port.ts";
import { projectRoot } from "../synapse/install.ts";
import { startDashboard, type TestDashboard } from "../helpers/dashboard.ts";
import { widgetUrlTemplate } from "../../shared/widget-url.ts";
import { launchChromium } from "./browser.ts";
import { startHostServer, type HostServer } from "./host-server.ts";
import { ensureWidgetBuilt, widgetDist } from "./widget-build.ts";

const hs = inject("synapse");

/** The README's screenshot is refreshed on request only, so a test run leaves the working tree clean. */
function screenshotPath(): string {
  const docs = path.join(projectRoot, "docs/screenshot-widget.png");
  if (process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(docs)) return docs;
  return path.join(projectRoot, "test-results/screenshot-widget.png");
}

type TestHost = {
  setTheme(name: string): Promise<unknown>;
  setLanguage(lang: string): Promise<unknown>;
  navigations: string[];
  openIdRequests(): number;
};

describe("the widget inside a Matrix client", () => {
  let c: Community;
  let dash: TestDashboard;
  let host: HostServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dashboardResponses: Array<Promise<string>> = [];
  const dashboardRequests: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWidgetBuilt();
    c = await seedCommunity(hs, { moderators: 2, members: 1, extraRooms: 0 });
    const hostPort = await freePort();
    dash = await startDashboard(c, { ALLOWED_CLIENT_ORIGINS: `http://127.0.0.1:${hostPort}` });
    const as = (key: string, label: string, p: Person) => ({ key, label, userId: p.userId, accessToken: p.accessToken });
    host = await startHostServer({
      port: hostPort,
      dashboardUrl: dash.url,
      homeserverUrl: hs.baseUrl,
      roomId: c.moderatorRoom.roomId,
      widgetCreator: c.bot.userId,
      people: [as("mod1", "Moderator 1", c.moderators[0]!), as("member", "Member", c.members[0]!)],
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 2 });
    context.on("response", (res) => {
      if (res.url().startsWith(dash.url)) dashboardResponses.push(res.text().catch(() => ""));
    });
    context.on("request", (req) => {
      if (req.url().startsWith(dash.url)) dashboardRequests.push(`${req.url()} ${JSON.stringify(req.headers())} ${req.postData() ?? ""}`);
    });
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await dash?.close();
  });

  async function openHost(query: string): Promise<FrameLocator> {
    await page.goto(`${host.url}${query}`);
    return page.frameLocator("iframe");
  }

  const testHost = () => page.evaluateHandle(() => (window as unknown as { testHost: TestHost }).testHost);

  const widgetBackground = () =>
    page.frames().find((f) => f.url().startsWith(dash.url))!.evaluate(() => getComputedStyle(document.body).backgroundColor);

  it("signs a moderator in and shows each health check, with cause and fix for problems", async () => {
    const widget = await openHost("?as=mod1");
    await expect.poll(() => widget.locator("[data-user-id]").textContent()).toBe(c.moderators[0]!.userId);
    await widget.getByRole("tab", { name: "Health" }).click();
    // The first report runs every doctor check, the room-creation probe included (no anonymous call warms it any more).
    await expect.poll(() => widget.locator("[data-check]").count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(7);
    expect(await widget.locator('[data-check="homeserver"]').getAttribute("data-status")).toBe("ok");
    // The bot's encryption device: which one, cross-signed, its keys and its store.
    const e2ee = widget.locator('[data-check="e2ee"]');
    expect(await e2ee.getAttribute("data-status")).toBe("ok");
    expect(await e2ee.textContent()).toMatch(/device \w+, keys published, cross-signed, \d+ one-time keys, \d+ room keys, store .*crypto/);
    expect(await widget.locator("[data-verdict]").getAttribute("data-verdict")).toBe("warning");
    await page.locator("iframe").screenshot({ path: screenshotPath() });
  });

  it("fetches a tab's code when the tab is first opened, as a same-origin chunk a browser may keep", async () => {
    const from = dashboardRequests.length;
    const widget = await openHost("?as=mod1");
    await widget.locator('[data-view="directory"]').waitFor();
    const chunks = (name: string) => dashboardRequests.slice(from).map((r) => r.split(" ", 1)[0]!).filter((url) => url.includes(`/widget/chunks/${name}-`));
    expect(chunks("rooms-screen").length).toBe(1);
    expect(chunks("audit-screen")).toEqual([]);
    await widget.getByRole("tab", { name: "Audit" }).click();
    await widget.locator('[data-view="audit"]').waitFor();
    const [audit] = chunks("audit-screen");
    expect(audit).toMatch(new RegExp(`^${dash.url}/widget/chunks/audit-screen-\\w+\\.js$`));
    const res = await fetch(audit!);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("cache-control")).toContain("immutable");
  });

  it("says so and offers a reload when a screen's code cannot be fetched (an update renamed it)", async () => {
    const widget = await openHost("?as=mod1");
    await widget.locator('[data-view="directory"]').waitFor();
    await page.route(`${dash.url}/widget/chunks/audit-screen-*`, (route) => route.fulfill({ status: 404, body: "" }));
    try {
      await widget.getByRole("tab", { name: "Audit" }).click();
      const panel = widget.getByRole("tabpanel", { name: "Audit" });
      await expect.poll(() => panel.textContent()).toContain("could not be loaded");
      expect(await panel.getByRole("button", { name: "Reload" }).count()).toBe(1);
    } finally {
      await page.unroute(`${dash.url}/widget/chunks/audit-screen-*`);
    }
  });

  it("opens the moderator room through the client's navigate capability", async () => {
    const widget = page.frameLocator("iframe");
    await widget.locator('[data-action="open-moderator-room"]').click();
    const navigations = await (await testHost()).evaluate((h) => h.navigations);
    expect(navigations).toEqual([`https://matrix.to/#/${encodeURIComponent(c.moderatorRoom.roomId)}`]);
  });

  it("still signs in without the navigate capability, and offers no room link", async () => {
    const widget = await openHost("?as=mod1&caps=refuse");
    await expect.poll(() => widget.locator("[data-user-id]").count()).toBe(1);
    expect(await widget.locator('[data-action="open-moderator-room"]').count()).toBe(0);
  });

  it("tells a plain member the dashboard is for moderators, with the server's reason", async () => {
    const widget = await openHost("?as=member");
    const screen = widget.locator('[data-screen="not-moderator"]');
    await expect.poll(() => screen.count()).toBe(1);
    const text = await screen.textContent();
    expect(text).toContain(`${c.members[0]!.userId} is not a moderator`);
    expect(text).toContain("50 needed");
  });

  it("asks to allow identity verification when the client refuses OpenID, and signs in on retry", async () => {
    const widget = await openHost("?as=mod1&openid=refuse-once");
    const screen = widget.locator('[data-screen="openid-refused"]');
    await expect.poll(() => screen.count()).toBe(1);
    expect(await screen.textContent()).toContain("Allow the widget to verify your identity");
    await screen.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => widget.locator("[data-user-id]").count()).toBe(1);
    expect(await (await testHost()).evaluate((h) => h.openIdRequests())).toBe(2);
  });

  it("shows the server-unreachable screen when the backend does not answer", async () => {
    await page.route(`${dash.url}/api/session`, (route) => route.abort("connectionrefused"));
    try {
      const widget = await openHost("?as=mod1");
      await expect.poll(() => widget.locator('[data-screen="unreachable"]').count()).toBe(1);
    } finally {
      await page.unroute(`${dash.url}/api/session`);
    }
  });

  it("uses Element's dark theme and follows a live theme_change", async () => {
    const widget = await openHost("?as=mod1&theme=dark");
    await expect.poll(() => widget.locator("[data-user-id]").count()).toBe(1);
    expect(await widgetBackground()).toBe("rgb(16, 19, 23)");
    expect(await widget.locator("html").getAttribute("data-theme")).toBe("dark");
    await (await testHost()).evaluate((h) => h.setTheme("light"));
    await expect.poll(widgetBackground).toBe("rgb(255, 255, 255)");
  });

  it("answers a live language_change with German, and falls back to English for a language it lacks", async () => {
    const widget = page.frameLocator("iframe");
    await (await testHost()).evaluate((h) => h.setLanguage("de-AT"));
    await expect.poll(() => widget.locator("html").getAttribute("lang")).toBe("de");
    expect(await widget.locator("[data-tab=health]").textContent()).toBe("Zustand");
    await (await testHost()).evaluate((h) => h.setLanguage("fr"));
    await expect.poll(() => widget.locator("html").getAttribute("lang")).toBe("en");
    expect(await widget.locator("[data-tab=health]").textContent()).toBe("Health");
  });

  it("opens in the client's language, fetching the German catalogues only then, screens' own messages included", async () => {
    // Resource timing lists what this document loaded, from the network or the browser's cache:
    // the shared German catalogue (de.ts) and the German words for what the server says (said-de.ts).
    const loadedGerman = () =>
      page
        .frames()
        .find((f) => f.url().startsWith(dash.url))!
        .evaluate(() => performance.getEntriesByType("resource").filter((e) => /\/chunks\/(said-)?de-\w+\.js$/.test(e.name)).length);
    const english = await openHost("?as=mod1");
    await expect.poll(() => english.locator("[data-user-id]").count()).toBe(1);
    expect(await loadedGerman()).toBe(0);

    const widget = await openHost("?as=mod1&lang=de");
    await expect.poll(() => widget.locator("[data-tab=rooms]").textContent()).toBe("Räume");
    expect(await widget.locator("html").getAttribute("lang")).toBe("de");
    expect(await loadedGerman()).toBe(2);
    await widget.getByRole("tab", { name: "Räume" }).click();
    await widget.getByRole("tab", { name: "Zugriffsprüfung" }).click();
    await expect.poll(() => widget.locator('[data-view="access-check"] p.muted').first().textContent()).toContain("Berechtigungsstufen");
  });

  it("follows the system colour scheme when the client sends an empty theme", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    try {
      const widget = await openHost("?as=mod1&theme=");
      await expect.poll(() => widget.locator("html").getAttribute("data-theme")).toBe("dark");
    } finally {
      await page.emulateMedia({ colorScheme: "light" });
    }
  });

  it("explains it must be added to a room in Element when opened directly in a tab", async () => {
    for (const url of [`${dash.url}/widget/`, widgetUrlTemplate(dash.url)]) {
      await page.goto(url);
      await expect.poll(() => page.locator('[data-screen="not-in-host"]').count()).toBe(1);
      expect(await page.locator("main").textContent()).toContain("moderator room");
    }
  });

  it("runs under the dashboard's Content Security Policy without a violation", () => {
    expect(cspViolations).toEqual([]);
  });

  it("never lets the bot's access token reach the browser, nor a person's Matrix token reach the dashboard", async () => {
    for (const file of readdirSync(widgetDist, { recursive: true, encoding: "utf8" }).filter((f) => /\.(js|html|css)$/.test(f))) {
      expect(readFileSync(path.join(widgetDist, file), "utf8")).not.toContain(c.bot.accessToken);
    }
    const bodies = await Promise.all(dashboardResponses);
    expect(bodies.some((b) => b.includes('"checks"'))).toBe(true);
    expect(bodies.some((b) => b.includes('"expiresAt"'))).toBe(true);
    for (const body of bodies) expect(body).not.toContain(c.bot.accessToken);
    expect(dashboardRequests.length).toBeGreaterThan(0);
    for (const request of dashboardRequests) {
      for (const person of [...c.moderators, ...c.members]) expect(request).not.toContain(person.accessToken);
    }
  });
});
