import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import http from "node:http";
import type { Browser } from "playwright-core";
import { seedCommunity } from "../synapse/community.ts";
import { startDashboard, type TestDashboard } from "../helpers/dashboard.ts";
import { launchChromium } from "../e2e/browser.ts";
import { freePort } from "../synapse/free-port.ts";

const hs = inject("synapse");

/** A page on its own origin that frames the widget; `host` lets the same port read as another origin. */
async function framingPage(target: string, port: number, host: string): Promise<{ origin: string; close: () => void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><iframe id="w" src="${target}" width="400" height="300"></iframe>`);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { origin: `http://${host}:${port}`, close: () => server.close() };
}

describe("Content-Security-Policy frame-ancestors in Chromium", () => {
  let dash: TestDashboard;
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof framingPage>>;
  let foreign: Awaited<ReturnType<typeof framingPage>>;

  beforeAll(async () => {
    const c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    // The allowed origin must be known before the dashboard starts: reserve its port first.
    const port = await freePort();
    dash = await startDashboard(c, { ALLOWED_CLIENT_ORIGINS: `http://localhost:${port}` });
    const target = `${dash.url}/widget/`;
    allowed = await framingPage(target, port, "localhost");
    foreign = await framingPage(target, await freePort(), "127.0.0.1");
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    allowed?.close();
    foreign?.close();
    await dash?.close();
  });

  async function frameLoaded(origin: string): Promise<{ loaded: boolean; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/frame-ancestors|Refused to frame/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(origin, { waitUntil: "load" });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await page.waitForTimeout(300);
    const loaded = frame ? await frame.evaluate(() => Boolean(document.getElementById("app"))).catch(() => false) : false;
    await page.close();
    return { loaded, violations };
  }

  it("renders inside an allowed client origin", async () => {
    const result = await frameLoaded(allowed.origin);
    expect(result.loaded).toBe(true);
    expect(result.violations).toEqual([]);
  });

  it("refuses to be framed by any other origin", async () => {
    const result = await frameLoaded(foreign.origin);
    expect(result.loaded).toBe(false);
    expect(result.violations.join("\n")).toMatch(/frame-ancestors/);
  });
});
