import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FrameLocator } from "playwright-core";
import { FakeAuthentik } from "../fakes/authentik/fake-authentik.ts";
import { accountOf, authentikEnv, liftBotLimits, membershipIn, mxid } from "../features/sync/helpers.ts";
import { intakeRoomWith } from "../features/onboarding/intake-room.ts";
import type { Person } from "../synapse/community.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

const hs = inject("synapse");

describe("the Sync screen in the widget", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;
  let fake: FakeAuthentik;
  let intake: { roomId: string; alias: string; waiting: Person[] };

  beforeAll(async () => {
    fake = await FakeAuthentik.start({ groups: ["gardeners"] });
    fake.addUser({ username: "ava", name: "Ava", groups: ["gardeners"] });
    fake.addUser({ username: "ben", name: "Ben" });
    rig = await startWidgetRig(hs, { moderators: 1, members: 0, extraRooms: 1 }, async (c) => {
      await liftBotLimits(c);
      intake = await intakeRoomWith(c, ["cleo"]);
      return authentikEnv(fake, c, { INTAKE_ROOM: intake.alias, AUTHENTIK_SYNC_INTERVAL_MINUTES: "0" });
    });
    widget = await rig.open();
    await widget.getByRole("tab", { name: "Sync" }).click();
  });
  afterAll(async () => {
    await rig?.close();
    await fake?.stop();
  });

  it("maps a group to a room in the Mappings editor", async () => {
    await widget.getByRole("tab", { name: "Mappings" }).click();
    const form = widget.locator('[data-form="group-rooms"]');
    await form.getByLabel("Authentik group").fill("gardeners");
    await form.locator(`[data-room-id="${rig.c.rooms[0]!.roomId}"]`).check();
    await form.getByRole("button", { name: "Save rooms" }).click();
    await form.locator('[data-mapping="gardeners"]').waitFor();
    expect(await form.locator('[data-mapping="gardeners"]').textContent()).toContain("Group 1");
    // A moderator below the admin level sees why the level mapping is not theirs to change.
    expect(await widget.locator('[data-form="group-level"] [data-admin-only]').textContent()).toContain("power level 100");
  });

  it("plans a diff grouped by kind with counts, and applies only the checked group", async () => {
    await widget.getByRole("tab", { name: "Plan" }).click();
    await widget.locator('[data-sync-plan] [data-action="plan"]').click();
    const preview = widget.locator('[data-preview="sync"]');
    await preview.waitFor();
    const count = (kind: string) => preview.locator(`[data-kind="${kind}"] [data-count]`).textContent();
    expect(await count("create-account")).toBe("2");
    expect(await count("invite")).toBe("3");
    expect(await count("welcome")).toBe("2");
    expect(await preview.locator("[data-kind]").count()).toBe(3);
    await preview.locator('[data-kind="create-account"] [data-kind-check]').check();
    await screenshot(rig.page.locator("iframe"), "screenshot-sync-plan.png");
    await preview.getByRole("button", { name: "Apply selected (2)" }).click();

    const job = widget.locator("[data-sync-applied] [data-job]");
    await expect.poll(() => job.getAttribute("data-state"), { timeout: 30_000 }).toBe("done");
    await expect.poll(() => job.locator('[data-item-state="done"]').count()).toBe(2);
    const c = rig.c;
    expect((await accountOf(c, mxid(c, "ava")))?.displayname).toBe("Ava");
    expect((await accountOf(c, mxid(c, "ben")))?.displayname).toBe("Ben");
    // Invites were not selected: nobody was invited yet.
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "ava"))).toBeNull();
    expect(await membershipIn(c, c.rooms[0]!.roomId, mxid(c, "ava"))).toBeNull();
  });

  it("lets a person waiting in the intake room in: invited, welcomed, removed from the intake room", async () => {
    const cleo = intake.waiting[0]!;
    await widget.getByRole("tab", { name: "Intake" }).click();
    const form = widget.locator('[data-form="intake"]');
    await form.locator(`[data-user-id="${cleo.userId}"]`).check();
    await form.getByRole("button", { name: "Preview" }).click();
    const preview = form.locator('[data-preview="intake"]');
    await preview.waitFor();
    expect(await preview.locator(`[data-person="${cleo.userId}"] [data-summary="rooms"] dd`).textContent()).toBe("General");
    await form.getByRole("button", { name: "Let 1 in" }).click();

    const job = widget.locator("[data-intake-applied] [data-job]");
    await expect.poll(() => job.getAttribute("data-state"), { timeout: 30_000 }).toBe("done");
    const c = rig.c;
    expect(await membershipIn(c, c.defaultRoom.roomId, cleo.userId)).toBe("invite");
    expect(await membershipIn(c, intake.roomId, cleo.userId)).toBe("leave");
    const welcome = (await c.bot.client.messages(c.defaultRoom.roomId)).filter((e) => e.type === "m.room.message" && e.content["m.mentions"]?.user_ids?.includes(cleo.userId));
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.content.body).toContain("Cleo");
    await widget.getByRole("button", { name: "Back to the waiting list" }).click();
    await widget.locator('[data-form="intake"]').getByText("Nobody is waiting.").waitFor();
  });

  it("stays responsive with a 50,000-person plan: a small summary, and pages of people only when asked", async () => {
    for (let i = 1; i <= 50_000; i++) fake.addUser({ username: `bulk${i}`, name: `Bulk ${i}`, groups: i % 2 ? ["gardeners"] : [] });
    await widget.getByRole("tab", { name: "Plan" }).click();
    const answered = rig.page.waitForResponse((r) => r.url().includes("/api/actions/sync.accounts/plan"), { timeout: 240_000 });
    await widget.getByRole("button", { name: "Plan again" }).click();
    const answer = await answered;
    // The summary, not 150,000 changes: the old answer for this many people was about 40 MB.
    expect((await answer.body()).length).toBeLessThan(64 * 1024);
    const preview = widget.locator('[data-preview="sync"]');
    await preview.waitFor({ timeout: 60_000 });
    const accounts = preview.locator('[data-kind="create-account"]');
    expect(await accounts.locator("[data-count]").textContent()).toBe("50000");
    expect(await preview.locator("li").count()).toBeLessThanOrEqual(80);

    await accounts.locator("summary").click();
    expect(await accounts.locator("li").count()).toBe(10);
    await accounts.getByRole("button", { name: "Show 100 more" }).click();
    await expect.poll(() => accounts.locator("li").count()).toBe(110);
    expect(await accounts.locator("li").nth(109).textContent()).toContain(`@${rig.c.tag}-bulk`);

    await accounts.locator("[data-kind-check]").check();
    await preview.getByRole("button", { name: "Apply selected (50,000)" }).waitFor();
    expect(await accounts.locator("[data-change-id]").first().isDisabled()).toBe(true);
    await screenshot(rig.page.locator("iframe"), "screenshot-sync-large-plan.png");
  }, 300_000);
});
