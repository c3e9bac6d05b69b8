import { describe, expect, it } from "vitest";
import { redactReported } from "../../../server/features/reports/report-actions.ts";
import type { ReportSummary } from "../../../shared/reports.ts";
import { ApiError } from "../../../server/kernel/errors/api-error.ts";
import { BOT, FakeBot, MODERATOR_ROOM, capsContext, fakeModerators, person } from "../../fakes/own/bot.ts";

const ADMIN = "@admin:example.org";
const ALICE = "@alice:example.org"; // moderator at 50
const TROLL = "@troll:example.org";
const ROOM = "!garden:example.org";
const SPAM = "$spam";

function report(over: Partial<ReportSummary> = {}): ReportSummary {
  return { id: 7, eventId: SPAM, roomId: ROOM, roomName: "Garden", roomAlias: null, reporter: "@bob:example.org", sender: TROLL, reason: "spam", score: null, receivedAt: "2026-11-30T10:00:00Z", reportsOfEvent: 1, managed: true, ...over };
}

/** One reported message in a room where the bot may redact; `visibleReport` answers the one report. */
function world(summary = report()) {
  const bot = new FakeBot({
    [MODERATOR_ROOM]: { creator: ADMIN, powerLevels: { users: { [ADMIN]: 100, [ALICE]: 50, [BOT]: 100 } }, members: { [ADMIN]: "join", [ALICE]: "join" } },
    [ROOM]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100, [ADMIN]: 100 }, redact: 50 }, members: { [TROLL]: "join" }, events: [{ event_id: SPAM, type: "m.room.message", sender: summary.sender, content: { msgtype: "m.text", body: "buy now" } }] },
  });
  const caps = {
    bot,
    moderators: fakeModerators(bot),
    visibleReport: async (_actor: unknown, id: number) => {
      if (id !== summary.id) throw ApiError.notFound(`There is no open report ${id} you can see.`);
      const event = bot.rooms[summary.roomId]?.events?.find((e) => e.event_id === summary.eventId) ?? null;
      return { report: summary, event: event as Record<string, unknown> | null, scope: { all: true, managed: new Set([ROOM]) } };
    },
    deleteReport: async () => true,
  };
  return { bot, caps };
}

describe("reports.redact planned against fakes of our adapters", () => {
  it("plans the removal with the report's reason, and apply redacts once however often it runs", async () => {
    const { bot, caps } = world();
    const ctx = capsContext(caps, person(ALICE, 50));
    const plan = await redactReported.plan(ctx, { reportId: 7 });
    expect(plan).toMatchObject({ alreadyRedacted: false, reason: "Removed by moderators after a report: spam" });
    expect(await redactReported.apply(ctx, plan, { reportId: 7 })).toEqual({ redactionEventId: `$redaction-${SPAM}` });
    await redactReported.apply(ctx, plan, { reportId: 7 });
    expect(bot.writes).toEqual([{ op: "redact", room: ROOM, event: SPAM, reason: plan.reason }]);
  });

  it("sees a message already removed and plans nothing", async () => {
    const { bot, caps } = world();
    bot.rooms[ROOM]!.events![0]!.content = {};
    const ctx = capsContext(caps, person(ALICE, 50));
    const plan = await redactReported.plan(ctx, { reportId: 7 });
    expect(plan.alreadyRedacted).toBe(true);
    expect(await redactReported.apply(ctx, plan, { reportId: 7 })).toEqual({ redactionEventId: null });
    expect(bot.writes).toEqual([]);
  });

  it("leaves a peer's message to someone above them", async () => {
    const { caps } = world(report({ sender: ADMIN }));
    await expect(redactReported.plan(capsContext(caps, person(ALICE, 50)), { reportId: 7 })).rejects.toMatchObject({ status: 403 });
  });

  it("cannot remove a message from a room the bot is not in", async () => {
    const { caps } = world(report({ managed: false }));
    await expect(redactReported.plan(capsContext(caps, person(ADMIN, 100)), { reportId: 7 })).rejects.toMatchObject({ status: 409 });
  });
});
