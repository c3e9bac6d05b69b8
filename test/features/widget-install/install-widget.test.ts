import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, communityEnv, person, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { runCli } from "../../helpers/run-cli.ts";
import type { TestClient } from "../../synapse/client.ts";
import { widgetUrlTemplate } from "../../../shared/widget-url.ts";
import { DASHBOARD_WIDGET_ID } from "../../../shared/widget-install.ts";

const hs = inject("synapse");
const PUBLIC_URL = "https://dashboard.example.org";
const WIDGET = "im.vector.modular.widgets";
const LAYOUT = "io.element.widgets.layout";

async function widgetState(client: TestClient, roomId: string) {
  const state = await client.allState(roomId);
  const timeline = await client.messages(roomId);
  return {
    widgetEvents: state.filter((e) => e.type === WIDGET && e.state_key === DASHBOARD_WIDGET_ID),
    layout: state.find((e) => e.type === LAYOUT && e.state_key === "")?.content,
    sentWidgetEvents: timeline.filter((e) => e.type === WIDGET).length,
  };
}

function cliEnv(c: Community, extra: Record<string, string> = {}) {
  return communityEnv(c, {
    PUBLIC_URL,
    ENV_FILE: "/nonexistent/.env",
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-widget-")),
    ...extra,
  });
}

describe("installing and pinning the widget", () => {
  let c: Community;
  let dash: TestDashboard;
  let adminToken: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { members: 0, extraRooms: 0 });
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, c.moderators[0]!.userId, 100);
    dash = await startDashboard(c, { PUBLIC_URL });
    adminToken = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("plans, installs once through the API, and a second run (CLI) sends nothing", async () => {
    const plan = await dash.api("POST", "/api/actions/widget.install/plan", { token: adminToken, body: {} });
    expect(plan.status).toBe(200);
    expect(plan.body.plan.changes).toEqual([expect.stringContaining("add the widget"), "pin it in the top container"]);
    expect((await widgetState(c.bot.client, c.moderatorRoom.roomId)).widgetEvents).toHaveLength(0);

    const applied = await dash.api("POST", "/api/actions/widget.install/apply", { token: adminToken, body: { container: "top" } });
    expect(applied.status).toBe(200);
    const first = await widgetState(c.bot.client, c.moderatorRoom.roomId);
    expect(first.widgetEvents).toHaveLength(1);
    expect(first.widgetEvents[0]!.content).toEqual({
      id: DASHBOARD_WIDGET_ID,
      type: "m.custom",
      url: widgetUrlTemplate(PUBLIC_URL),
      name: "Community Dashboard",
      data: {},
      creatorUserId: c.bot.userId,
      waitForIframeLoad: true,
    });
    expect(first.widgetEvents[0]!.content.url).toBe(
      `${PUBLIC_URL}/widget/#/?widgetId=$matrix_widget_id&roomId=$matrix_room_id&userId=$matrix_user_id&theme=$org.matrix.msc2873.client_theme&language=$org.matrix.msc2873.client_language`,
    );
    expect(first.layout).toEqual({ widgets: { [DASHBOARD_WIDGET_ID]: { container: "top", index: 0, width: 100, height: 40 } } });

    const again = await runCli("server/entry/widget-install/cli.ts", [], { env: cliEnv(c) });
    expect(again.stderr).toBe("");
    expect(again.stdout).toContain("Nothing to change");
    const second = await widgetState(c.bot.client, c.moderatorRoom.roomId);
    expect(second.widgetEvents).toHaveLength(1);
    expect(second.widgetEvents[0]!.event_id).toBe(first.widgetEvents[0]!.event_id);
    expect(second.sentWidgetEvents).toBe(1);
    expect(Object.keys(second.layout.widgets)).toEqual([DASHBOARD_WIDGET_ID]);
  });

  it("refuses a moderator below the admin level", async () => {
    const token = await signIn(dash, c.moderators[1]!);
    const res = await dash.api("POST", "/api/actions/widget.install/apply", { token, body: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("needs power level 100");
  });

  it("moves the pin to the right and keeps other widgets' layout entries", async () => {
    const layout = (await widgetState(c.bot.client, c.moderatorRoom.roomId)).layout;
    await c.bot.client.sendState(c.moderatorRoom.roomId, LAYOUT, "", { widgets: { ...layout.widgets, other: { container: "top", index: 1 } } });
    const res = await runCli("server/entry/widget-install/cli.ts", ["--container", "right"], { env: cliEnv(c) });
    expect(res.stdout).toContain("pin it in the right container");
    const after = await widgetState(c.bot.client, c.moderatorRoom.roomId);
    expect(after.layout.widgets).toEqual({ [DASHBOARD_WIDGET_ID]: { container: "right" }, other: { container: "top", index: 1 } });
    expect(after.sentWidgetEvents).toBe(1);
  });

  it("removes the widget and its pin, and a second removal changes nothing", async () => {
    const removed = await runCli("server/entry/widget-install/cli.ts", ["--remove"], { env: cliEnv(c) });
    expect(removed.stdout).toContain("remove the widget");
    const after = await widgetState(c.bot.client, c.moderatorRoom.roomId);
    expect(after.widgetEvents[0]!.content).toEqual({});
    expect(after.layout.widgets).toEqual({ other: { container: "top", index: 1 } });
    const again = await runCli("server/entry/widget-install/cli.ts", ["--remove"], { env: cliEnv(c) });
    expect(again.stdout).toContain("Nothing to change");
  });
});

describe("installing the widget with a bot that lacks the power", () => {
  it("says which level the bot has, which it needs and how to fix it, before sending anything", async () => {
    const c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    // A room a person created, where the bot is an ordinary member (power level 0).
    const owner = await person(hs, `${c.tag}-owner`);
    const roomId = await owner.client.createRoom({ preset: "private_chat", name: "Moderators (owner's)", invite: [c.bot.userId] });
    await c.bot.client.join(roomId);

    const res = await runCli("server/entry/widget-install/cli.ts", [], { env: cliEnv(c, { MATRIX_MODERATOR_ROOM: roomId }) });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`The bot ${c.bot.userId} has power level 0`);
    expect(res.stderr).toContain("needs 50");
    expect(res.stderr).toContain("Roles & Permissions");
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const state = await owner.client.allState(roomId);
    expect(state.filter((e) => e.type === WIDGET || e.type === LAYOUT)).toHaveLength(0);
  });
});
