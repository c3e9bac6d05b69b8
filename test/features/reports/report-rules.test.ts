import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EventReport } from "../../../server/kernel/matrix/admin.ts";
import { visibleReports } from "../../../server/features/reports/scope.ts";
import { newReports, ReportWatcher, type Clock } from "../../../server/features/reports/report-watcher.ts";
import { describeReportedEvent } from "../../../server/features/reports/reported-event.ts";
import { openStore } from "../../../server/kernel/store/db.ts";
import type { AppContext } from "../../../server/kernel/runtime/app-context.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

const report = (id: number, o: Partial<EventReport> = {}): EventReport => ({
  id,
  eventId: `$e${id}`,
  roomId: "!community:x",
  reporter: "@reporter:x",
  sender: "@sender:x",
  reason: "spam",
  score: null,
  receivedTs: 1_700_000_000_000 + id,
  roomName: "General",
  roomAlias: null,
  ...o,
});

describe("who sees which report", () => {
  const reports = [report(1), report(2, { eventId: "$e1" }), report(3, { roomId: "!dm:x", eventId: "$dm" })];

  it("shows a moderator only reports about managed rooms, counting reports of the same event", () => {
    const shown = visibleReports(reports, { all: false, managed: new Set(["!community:x"]) });
    expect(shown.map((r) => [r.id, r.reportsOfEvent, r.managed])).toEqual([
      [2, 2, true],
      [1, 2, true],
    ]);
  });

  it("shows an admin every report, marking those outside the community", () => {
    const shown = visibleReports(reports, { all: true, managed: new Set(["!community:x"]) });
    expect(shown.map((r) => [r.id, r.managed])).toEqual([
      [3, false],
      [2, true],
      [1, true],
    ]);
  });
});

describe("which reports a look announces", () => {
  const managed = new Set(["!community:x"]);

  it("announces nothing on the first look, only remembering where it is", () => {
    expect(newReports([report(5), report(4)], null, managed, 5)).toEqual({ announce: [], more: 0, cursor: 5 });
  });

  it("announces newer reports about managed rooms, oldest first, and counts those beyond the limit", () => {
    const page = [report(9), report(8), report(7, { roomId: "!elsewhere:x" }), report(6), report(5), report(4)];
    const found = newReports(page, 4, managed, 2);
    expect(found.announce.map((r) => r.id)).toEqual([5, 6]);
    expect(found).toMatchObject({ more: 2, cursor: 9 });
  });

  it("keeps the cursor when nothing is new", () => {
    expect(newReports([report(3)], 3, managed, 5)).toEqual({ announce: [], more: 0, cursor: 3 });
  });
});

describe("the reported event as moderators read it", () => {
  const decryptNever = async () => null;
  const on = { encryptionOn: true, decrypt: decryptNever };

  it("shows a message's text", async () => {
    expect(await describeReportedEvent("!r:x", { type: "m.room.message", content: { msgtype: "m.text", body: "hi" } }, on)).toEqual({ kind: "message", type: "m.room.message", msgtype: "m.text", body: "hi" });
  });

  it("says encrypted, and why, when the bot has no key or no device", async () => {
    const event = { type: "m.room.encrypted", content: { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "…" } };
    expect(await describeReportedEvent("!r:x", event, on)).toMatchObject({ kind: "encrypted", why: expect.stringContaining("no key") });
    expect(await describeReportedEvent("!r:x", event, { encryptionOn: false, encryptionOffReason: "E2EE=off", decrypt: decryptNever })).toMatchObject({ kind: "encrypted", why: expect.stringContaining("E2EE=off") });
  });

  it("opens an encrypted message with the bot's key", async () => {
    const decrypt = async () => ({ type: "m.room.message", content: { msgtype: "m.text", body: "secret spam" } });
    expect(await describeReportedEvent("!r:x", { type: "m.room.encrypted", content: { ciphertext: "…" } }, { encryptionOn: true, decrypt })).toMatchObject({ kind: "message", body: "secret spam" });
  });

  it("says redacted for a removed message, and missing when the server no longer has it", async () => {
    expect(await describeReportedEvent("!r:x", { type: "m.room.message", content: {}, unsigned: { redacted_because: {} } }, on)).toEqual({ kind: "redacted" });
    expect(await describeReportedEvent("!r:x", null, on)).toEqual({ kind: "missing" });
  });
});

/** A fake of our own Bot adapter: Synapse's report list and the moderator room, nothing else. */
function fakeApp(o: { admin: boolean; reports: EventReport[] }) {
  const notices: Array<{ body: string; txnId?: string }> = [];
  const bot = {
    userId: "@bot:x",
    encryption: { on: false, reason: "off" },
    async doRequest(_method: string, p: string) {
      if (p.endsWith("/admin")) return { admin: o.admin };
      if (p === "/_synapse/admin/v1/event_reports") {
        return {
          total: o.reports.length,
          event_reports: o.reports.map((r) => ({ id: r.id, event_id: r.eventId, room_id: r.roomId, user_id: r.reporter, sender: r.sender, reason: r.reason, received_ts: r.receivedTs, name: r.roomName })),
        };
      }
      throw new Error(`unexpected ${p}`);
    },
    async isEncrypted() {
      return false;
    },
    async sendMessage(_room: string, content: { body: string }, options: { txnId?: string }) {
      notices.push({ body: content.body, txnId: options.txnId });
      return "$n";
    },
  };
  const store = openStore(mkdtempSync(path.join(os.tmpdir(), "reports-watch-")));
  const rooms = { refresh: async () => {}, all: () => [{ roomId: "!community:x", isSpace: false }] };
  const app = { bot, store, rooms, config: { commandPrefix: "!dash", moderatorNotices: false }, moderators: { roomId: async () => "!mods:x" } } as unknown as AppContext;
  return { app, notices };
}

/** Timers that run only when the test says so. */
function manualClock(): Clock & { fire(): void; pending: number } {
  let queued: Array<() => void> = [];
  return {
    now: () => 0,
    setTimeout: (fn) => void queued.push(fn),
    clearTimeout: () => void (queued = []),
    fire() {
      const run = queued;
      queued = [];
      for (const fn of run) fn();
    },
    get pending() {
      return queued.length;
    },
  };
}

describe("the report watcher", () => {
  it("announces each new report once, across looks and a restart, with the report's transaction ID", async () => {
    const reports = [report(1)];
    const { app, notices } = fakeApp({ admin: true, reports });
    const first = new ReportWatcher(app, silentLogger(), { intervalMs: 1000, clock: manualClock() });
    expect(await first.lookOnce()).toEqual({ looked: true, cursor: 1, announced: [], summarised: 0 });
    reports.unshift(report(2, { reason: "scam" }));
    expect(await first.lookOnce()).toMatchObject({ announced: [2] });
    expect(await first.lookOnce()).toMatchObject({ announced: [] });
    const restarted = new ReportWatcher(app, silentLogger(), { intervalMs: 1000, clock: manualClock() });
    expect(await restarted.lookOnce()).toMatchObject({ announced: [] });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("New report 2: @reporter:x reported a message from @sender:x in General: “scam”");
    expect(notices[0]!.body).toContain("https://matrix.to/#/!community%3Ax/%24e2");
    expect(notices[0]!.txnId).toBe("dash-report-notice-2");
  });

  it("stays off while the bot is no server admin, and keeps looking on its interval", async () => {
    const { app, notices } = fakeApp({ admin: false, reports: [report(1)] });
    const clock = manualClock();
    const watcher = new ReportWatcher(app, silentLogger(), { intervalMs: 1000, clock });
    expect(await watcher.lookOnce()).toEqual({ looked: false, reason: "the bot is not a server admin" });
    watcher.start();
    expect(clock.pending).toBe(1);
    await watcher.stop();
    expect(clock.pending).toBe(0);
    expect(notices).toEqual([]);
  });

  it("does not start at all with REPORTS_POLL_SECONDS=0", () => {
    const { app } = fakeApp({ admin: true, reports: [] });
    const clock = manualClock();
    new ReportWatcher(app, silentLogger(), { intervalMs: 0, clock }).start();
    expect(clock.pending).toBe(0);
  });
});
