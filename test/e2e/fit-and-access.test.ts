import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Frame, FrameLocator, Locator } from "playwright-core";
import type { Community } from "../synapse/community.ts";
import { projectRoot } from "../synapse/install.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

/**
 * The widget at the sizes Element gives it (right panel 320–420 px, pinned at the top of a room
 * about 290 px high, maximised 1000 px), in its themes and languages, with the keyboard and axe-core.
 * One page for the whole file; each combination resizes the frame or changes the theme live.
 */
const hs = inject("synapse");
const axeSource = readFileSync(path.join(projectRoot, "node_modules/axe-core/axe.min.js"), "utf8");
const LONG_NAME = "The very long name of a community room that no side panel can show in one line";

type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> };

let longRoomId = "";

async function prepare(c: Community): Promise<void> {
  // The first moderator is a community admin (level 100); the second stays a moderator (50).
  const room = c.moderatorRoom.roomId;
  const levels = await c.bot.client.state(room, "m.room.power_levels");
  await c.bot.client.sendState(room, "m.room.power_levels", "", { ...levels, users: { ...levels.users, [c.moderators[0]!.userId]: 100 } });
  longRoomId = await c.bot.client.createRoom({ name: LONG_NAME, room_alias_name: `${c.tag}-a-very-long-room-alias-that-is-cut-short-in-a-narrow-panel` });
}

describe("the widget at Element's sizes, themes and languages", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;

  beforeAll(async () => {
    rig = await startWidgetRig(hs, { moderators: 2, members: 1, extraRooms: 1 }, prepare);
    await rig.page.setViewportSize({ width: 1300, height: 1000 });
    await rig.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  });
  afterAll(() => rig?.close());

  const frame = (): Frame => rig.page.frames().find((f) => f.url().startsWith(rig.dash.url))!;
  /** Gives the widget's frame the size Element's panel would. */
  async function size(width: number, height: number): Promise<void> {
    await rig.page.evaluate(
      ([w, h]) => {
        const iframe = document.querySelector("iframe")!;
        (iframe.closest(".panel") as HTMLElement).style.width = `${w + 1}px`;
        Object.assign(iframe.style, { flex: "none", width: `${w}px`, height: `${h}px` });
      },
      [width, height] as const,
    );
    await expect.poll(() => frame().evaluate(() => [innerWidth, innerHeight])).toEqual([width, height]);
  }
  /** Element's live language_change, as when the user switches language: no reload. */
  async function language(lang: string): Promise<void> {
    await rig.page.evaluate((l) => (window as unknown as { testHost: { setLanguage(l: string): Promise<unknown> } }).testHost.setLanguage(l), lang);
    await expect.poll(() => widget.locator("html").getAttribute("lang")).toBe(lang);
  }
  const mainTabs = () => widget.locator('[role="tablist"].tabs [role="tab"]');
  const shownPanel = () => widget.locator('main > [role="tabpanel"]:not([hidden])');
  /** Waits until the shown screen has loaded its code and data. */
  async function settled(): Promise<void> {
    await expect.poll(() => widget.locator(".lazy-loading, main [aria-busy='true']:visible").count(), { timeout: 15_000 }).toBe(0);
    if ((await widget.locator('[data-tab="health"][aria-selected="true"]').count()) > 0) {
      await widget.locator("[data-verdict]").waitFor({ timeout: 30_000 });
    }
  }
  /** Where an element is, in the widget frame's own viewport. */
  const box = (target: Locator) => target.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
  const focused = () => frame().evaluate(() => document.activeElement?.getAttribute("data-preview") ?? document.activeElement?.getAttribute("data-job") ?? document.activeElement?.tagName);

  async function axe(label: string): Promise<Violation[]> {
    const f = frame();
    if (!(await f.evaluate(() => "axe" in window))) await f.evaluate(axeSource);
    const violations = await f.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        rules: { "label-content-name-mismatch": { enabled: true } },
        resultTypes: ["violations"],
      });
      return result.violations;
    });
    return violations.map((v) => ({ ...v, help: `${label}: ${v.help}` }));
  }

  /** Every main tab, and every section (chip) inside it; `visit` runs on each screen once it has loaded. */
  async function everyScreen(visit: (name: string) => Promise<void>): Promise<void> {
    for (let i = 0; i < (await mainTabs().count()); i++) {
      const tab = mainTabs().nth(i);
      await tab.click();
      await settled();
      const name = (await tab.getAttribute("data-tab"))!;
      const chips = shownPanel().locator('.chips [role="tab"]');
      const count = await chips.count();
      if (count === 0) await visit(name);
      for (let j = 0; j < count; j++) {
        await chips.nth(j).click();
        await settled();
        await visit(`${name} › ${await chips.nth(j).textContent()}`);
      }
    }
  }

  it("shows every main tab in full at 320, 400 and 1000 px, in English and German, and each one opens", async () => {
    widget = await rig.open();
    for (const lang of ["en", "de"]) {
      await language(lang);
      for (const width of [320, 400, 1000]) {
        await size(width, 800);
        // Each tab's box inside the frame, and whether its label fits the tab (not cut).
        const tabs = await frame().evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[role="tablist"].tabs [role="tab"]')].map((tab) => {
            const r = tab.getBoundingClientRect();
            return { label: tab.textContent, left: r.left, right: r.right, fits: tab.scrollWidth <= tab.clientWidth };
          }),
        );
        expect(tabs.length, `${lang} ${width}`).toBe(6);
        for (const tab of tabs) {
          const where = `${lang} ${width}px ${tab.label}`;
          expect(tab.left, where).toBeGreaterThanOrEqual(0);
          expect(tab.right, where).toBeLessThanOrEqual(width);
          expect(tab.fits, where).toBe(true);
        }
        if (width !== 320) continue;
        // At the narrowest, each tab also opens its screen.
        for (let i = 0; i < 6; i++) {
          const tab = mainTabs().nth(i);
          await tab.click();
          await expect.poll(() => shownPanel().getAttribute("aria-labelledby")).toBe(await tab.getAttribute("id"));
        }
      }
    }
    // A moderator below the admin level has no Automation tab (API tokens are for admins).
    widget = await rig.open("", "mod2");
    expect(await mainTabs().allTextContents()).toEqual(["Rooms", "Moderation", "Sync", "Audit", "Health"]);
  });

  it("pinned at 290 px high: the identity shrinks to the avatar, the tabs stay on top and content shows at once", async () => {
    widget = await rig.open();
    for (const lang of ["en", "de"]) {
      await language(lang);
      for (const width of [360, 800]) {
        await size(width, 290);
        await settled();
        const where = `${lang} ${width}px`;
        expect((await box(widget.locator(".header-who"))).width, where).toBeLessThanOrEqual(1);
        expect(await widget.locator(".header-avatar").getAttribute("title"), where).toContain(rig.c.moderators[0]!.userId);
        const firstRoom = await box(widget.locator('[data-view="directory"] [data-room-id]').first());
        expect(firstRoom.top, where).toBeLessThan(290 - 24);
        for (let i = 0; i < 6 && width === 360; i++) {
          await mainTabs().nth(i).click();
          await settled();
          const first = await box(shownPanel().locator(":scope > *").first());
          expect(first.top, `${where} tab ${i}`).toBeLessThan(290 / 2);
        }
        await mainTabs().first().click();
        // Scrolled down, the tabs are still there.
        await frame().evaluate(() => scrollTo(0, 400));
        expect((await box(widget.locator(".main-nav"))).top, where).toBe(0);
        await frame().evaluate(() => scrollTo(0, 0));
      }
    }
    await screenshot(rig.page.locator("iframe"), "widget-pinned.png");
  });

  it("maximised: capped reading widths, the directory as a table, the preview beside its form", async () => {
    widget = await rig.open();
    await size(1000, 800);
    await settled();
    const directory = widget.locator('[data-view="directory"]');
    await directory.locator(".row-head").waitFor();
    const row = directory.locator("[data-room-id]").first();
    const [title, alias, count] = await Promise.all([box(row.locator(".row-title")), box(row.locator(".row-sub")), box(row.locator(".row-count"))]);
    // One line per room, its facts in columns under the heads.
    expect(Math.abs(title.top - alias.top)).toBeLessThan(4);
    expect(alias.left).toBeGreaterThan(title.left + 100);
    expect(count.left).toBeGreaterThan(alias.left);
    expect((await box(directory.locator(".search-row"))).width).toBeLessThanOrEqual(641);
    await screenshot(rig.page.locator("iframe"), "widget-maximised.png");

    await widget.getByRole("tab", { name: "Create", exact: true }).click();
    const form = widget.locator('[data-form="create-room"]');
    await form.getByLabel("Name", { exact: true }).fill("Wide layout room");
    await form.locator('[data-action="preview"]').click();
    const preview = form.locator('[data-preview="create-room"]');
    await preview.waitFor();
    const [field, card] = await Promise.all([box(form.getByLabel("Name", { exact: true })), box(preview)]);
    expect(field.width).toBeLessThanOrEqual(576 + 1);
    expect(card.left).toBeGreaterThan(field.right);
    expect(card.top).toBeLessThan(field.bottom + 200);
  });

  it("moves keyboard focus to the preview with its confirm button in view, then to the result, also when pinned", async () => {
    widget = await rig.open();
    await size(400, 800);
    await widget.getByRole("tab", { name: "Create", exact: true }).click();
    const form = widget.locator('[data-form="create-room"]');
    await form.getByLabel("Name", { exact: true }).fill("Focus check room");
    await form.locator('[data-action="preview"]').focus();
    await rig.page.keyboard.press("Enter");
    await form.locator('[data-preview="create-room"]').waitFor();
    await expect.poll(focused).toBe("create-room");
    const apply = form.locator('[data-action="apply"]');
    const b = await box(apply);
    expect(b.top).toBeGreaterThanOrEqual(0);
    expect(b.bottom).toBeLessThanOrEqual(800);
    await apply.focus();
    await rig.page.keyboard.press("Enter");
    const created = widget.locator("[data-created-room]");
    await created.waitFor();
    await expect.poll(() => frame().evaluate(() => document.activeElement?.hasAttribute("data-created-room"))).toBe(true);
    expect(await created.getAttribute("role")).toBeNull();
    expect(await created.locator('[role="status"]').textContent()).toContain("created");

    // Pinned, where the sticky tabs cover the top: an invite's preview, then its job, in view and focused.
    await size(360, 290);
    await widget.getByRole("tab", { name: "Invite" }).click();
    const invite = widget.locator('[data-form="invite"]');
    await invite.getByLabel("People").fill(rig.c.members[0]!.userId);
    await invite.locator(`[data-picker="rooms"] [data-room-id="${longRoomId}"]`).check();
    await invite.locator('[data-action="preview"]').focus();
    await rig.page.keyboard.press("Enter");
    await expect.poll(focused).toBe("invite");
    const send = await box(invite.locator('[data-action="apply"]'));
    expect(send.bottom).toBeLessThanOrEqual(290);
    expect(send.top).toBeGreaterThanOrEqual((await box(widget.locator('[role="tablist"].tabs'))).bottom);
    await invite.locator('[data-action="apply"]').focus();
    await rig.page.keyboard.press("Enter");
    await widget.locator("[data-job]").waitFor();
    await expect.poll(() => frame().evaluate(() => document.activeElement?.hasAttribute("data-job"))).toBe(true);
  });

  it("shows long names in full on hover and copies IDs: directory, invite room picker, template descriptions", async () => {
    widget = await rig.open();
    await size(320, 800);
    const row = widget.locator('[data-view="directory"] [data-room-id]').filter({ hasText: LONG_NAME });
    const title = row.locator(".row-title");
    expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await row.locator(".row-main").getAttribute("title")).toContain(LONG_NAME);
    const alias = `#${rig.c.tag}-a-very-long-room-alias-that-is-cut-short-in-a-narrow-panel:${hs.serverName}`;
    await row.getByRole("button", { name: `Copy ${alias}` }).click();
    await expect.poll(() => frame().evaluate(() => navigator.clipboard.readText())).toBe(alias);
    expect(await row.locator('[role="status"]').textContent()).toBe(`Copied ${alias}`);

    await widget.getByRole("tab", { name: "Invite" }).click();
    const picked = widget.locator('[data-picker="rooms"] li').filter({ hasText: LONG_NAME });
    expect(await picked.locator("label").getAttribute("title")).toContain(alias);
    expect(await picked.getByRole("button", { name: `Copy ${alias}` }).count()).toBe(1);

    await widget.getByRole("tab", { name: "Templates" }).click();
    const template = widget.locator('[data-template="community"] .row-main');
    const description = (await template.locator(".row-sub").textContent())!;
    expect(await template.getAttribute("title")).toContain(description);
  });

  // One test per theme: axe over every screen is CPU-heavy, and all three in one test ran close to its timeout on a busy runner.
  it.each(["light", "dark", "light-high-contrast"])("has no serious or critical axe violation on any screen in the %s theme", async (theme) => {
    widget = await rig.open("&theme=light");
    await size(400, 800);
    const violations: Violation[] = [];
    const host = await rig.page.evaluateHandle(() => (window as unknown as { testHost: { setTheme(name: string): Promise<unknown> } }).testHost);
    await host.evaluate((h, name) => h.setTheme(name), theme);
    await expect.poll(() => widget.locator("html").getAttribute("data-theme")).toBe(theme === "dark" ? "dark" : "light");
    // Every screen in Element's two main themes; the high-contrast one only darkens colours, so its main tabs suffice.
    if (theme === "light-high-contrast") {
      for (let i = 0; i < (await mainTabs().count()); i++) {
        await mainTabs().nth(i).click();
        await settled();
        violations.push(...(await axe(`${theme} ${await mainTabs().nth(i).textContent()}`)));
      }
    } else {
      await everyScreen(async (screen) => {
        violations.push(...(await axe(`${theme} ${screen}`)));
      });
      // A room's detail, opened from the directory: members, invites, levels.
      await mainTabs().first().click();
      await shownPanel().getByRole("tab", { name: "Directory" }).click();
      await widget.locator('[data-view="directory"] [data-room-id]').filter({ hasText: "General" }).locator(".row-main").click();
      await widget.locator('[data-view="room-detail"]').waitFor();
      await settled();
      violations.push(...(await axe(`${theme} room detail`)));
      await widget.getByRole("button", { name: "Back" }).click();
    }
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.help} (${v.id}) ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)).toEqual([]);
    // The landmarks and heading axe asked for are there too.
    expect(violations.filter((v) => ["region", "landmark-one-main", "page-has-heading-one"].includes(v.id)).map((v) => v.help)).toEqual([]);
    if (theme !== "light") return;
    await size(360, 800);
    await mainTabs().first().click();
    await shownPanel().getByRole("tab", { name: "Directory" }).click();
    await settled();
    await screenshot(rig.page.locator("iframe"), "widget-sidebar.png");
  });

  it("uses Element's high-contrast theme: darker borders and text, 3:1 borders on inputs and secondary buttons", async () => {
    widget = await rig.open("&theme=light-high-contrast");
    expect(await widget.locator("html").getAttribute("data-contrast")).toBe("more");
    await widget.getByRole("tab", { name: "Invite" }).click();
    const border = await widget.locator('[data-form="invite"] textarea').evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(border).toBe("rgb(27, 29, 34)");
    widget = await rig.open("&theme=light");
    await widget.getByRole("tab", { name: "Invite" }).click();
    const field = widget.locator('[data-form="invite"] textarea');
    const [normal, outline] = await Promise.all([
      field.evaluate((el) => getComputedStyle(el).borderTopColor),
      field.evaluate((el) => (el.focus(), getComputedStyle(el).outlineWidth)),
    ]);
    expect(normal).toBe("rgb(101, 109, 119)");
    expect(outline).toBe("2px");
    // Secondary buttons and chips share the input's interactive border: #656d77 is 5.3:1 on white.
    const chip = widget.locator('.chips [role="tab"][aria-selected="false"]').first();
    expect(await chip.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe("rgb(101, 109, 119)");
    await widget.getByRole("tab", { name: "Templates" }).click();
    const secondary = widget.locator('[data-action="export-templates"]');
    expect(await secondary.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe("rgb(101, 109, 119)");
    expect(await widget.locator("html").evaluate(() => getComputedStyle(document.body).fontSize)).toBe("15px");
  });
});
