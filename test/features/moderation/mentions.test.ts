import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { command, eventually } from "../../helpers/commands.ts";
import { editMessage } from "../../../server/entry/commands/replies.ts";
import { waitForJob } from "../../helpers/jobs.ts";
import { ANNOUNCEMENT_MARKER } from "../../../server/features/announcements/announce.ts";

const hs = inject("synapse");

type Notification = { event: { event_id: string }; actions: unknown[] };

/** Whether Synapse's push rules made this event a highlight (an @room or mention) for `reader`. */
async function highlightedFor(reader: Person, eventId: string): Promise<boolean | undefined> {
  const { notifications } = await reader.client.request<{ notifications: Notification[] }>("GET", "/_matrix/client/v3/notifications?limit=100");
  const hit = notifications.find((n) => n.event.event_id === eventId);
  if (!hit) return undefined;
  return hit.actions.some((a) => typeof a === "object" && a !== null && (a as { set_tweak?: string }).set_tweak === "highlight" && (a as { value?: boolean }).value !== false);
}

describe("every message the bot sends carries m.mentions", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  let reader: Person;
  const room = () => c.defaultRoom.roomId;

  const announce = async (markdown: string, notifyRoom: boolean) => {
    const res = await dash.api("POST", "/api/actions/announcements.send/apply", { token, body: { markdown, targets: { kind: "rooms", rooms: [room()] }, notifyRoom } });
    expect(res.status, res.text).toBe(200);
    const jobId = res.body.result.jobId;
    await waitForJob(dash.api, token, jobId, (j) => j.state === "done");
    return (await c.bot.client.messages(room(), 20)).find((e) => e.content[ANNOUNCEMENT_MARKER] === jobId)!;
  };

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 2, extraRooms: 0 });
    reader = c.members[0]!;
    for (const u of [c.bot, c.moderators[0]!]) await setRateLimitOverride(c.bot.client, u.userId, true);
    dash = await startDashboard(c, { MODERATOR_NOTICES: "on" });
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("an @room typed in an announcement notifies no one; only the notify option does", async () => {
    // The control: the same text without m.mentions is a highlight for the reader (the legacy rule fires).
    const legacy = await c.bot.client.send(room(), { msgtype: "m.text", body: "@room legacy control" });
    await eventually(async () => expect(await highlightedFor(reader, legacy)).toBe(true));

    const quiet = await announce("@room the hall is closed", false);
    expect(quiet.content.body).toBe("@room the hall is closed");
    expect(quiet.content["m.mentions"]).toEqual({});
    await eventually(async () => expect(await highlightedFor(reader, quiet.event_id)).toBe(false));

    const loud = await announce("the hall is open", true);
    expect(loud.content["m.mentions"]).toEqual({ room: true });
    await eventually(async () => expect(await highlightedFor(reader, loud.event_id)).toBe(true));
  });

  it("moderator-room notices, command replies and their progress edits all carry it", async () => {
    const mod = c.moderators[0]!;
    const moderatorRoom = c.moderatorRoom.roomId;
    const { reply } = await command(mod.client, moderatorRoom, "!dash help", c.bot.userId);
    expect(reply.content["m.mentions"]).toEqual({ user_ids: [mod.userId] });

    const kick = await command(mod.client, moderatorRoom, `!dash kick ${c.members[1]!.userId} ${c.defaultRoom.alias} @room test`, c.bot.userId, { count: 2 });
    for (const r of kick.replies) expect(r.content["m.mentions"]).toEqual({ user_ids: [mod.userId] });

    // A progress edit, as the job reporter sends it while a job runs (the kick above may finish first).
    const edit = await editMessage(dash.ctx.bot, moderatorRoom, kick.replies[1]!.eventId, { text: "@room still running", html: "@room still running" });
    const edited = (await mod.client.relations(moderatorRoom, kick.replies[1]!.eventId, "m.replace")).find((e) => e.event_id === edit)!;
    expect(edited.content["m.mentions"]).toEqual({});
    expect(edited.content["m.new_content"]["m.mentions"]).toEqual({});

    // Everything the bot wrote in the moderator room (notices of the announcements above included).
    const botMessages = (await mod.client.messages(moderatorRoom, 100)).filter((e) => e.sender === c.bot.userId && e.type === "m.room.message");
    expect(botMessages.some((e) => e.content.msgtype === "m.notice" && !e.content["m.relates_to"])).toBe(true);
    for (const e of botMessages) expect(e.content["m.mentions"], JSON.stringify(e.content)).toBeDefined();
  });
});
