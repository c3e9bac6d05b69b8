import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLanguage, t } from "../../widget/ui/messages.ts";
import { formatDate, formatDateTime } from "../../widget/ui/format.ts";

// The catalogue marks the page's language; a bare stand-in for the document is enough here.
beforeAll(() => {
  (globalThis as { document?: unknown }).document = { documentElement: {} };
});
afterAll(async () => {
  await loadLanguage("en");
  delete (globalThis as { document?: unknown }).document;
});

describe("dates and numbers in the user's language", () => {
  const now = new Date("2026-11-30T12:00:00Z");

  it("writes dates the German way, with the year only when it is not this year's", async () => {
    await loadLanguage("de-DE");
    expect(formatDate("2026-11-30T09:16:00Z", now)).toBe("30. Nov.");
    expect(formatDate("2025-03-02T09:16:00Z", now)).toBe("2. März 2025");
    expect(formatDateTime("2026-11-30T09:16:00Z", now)).toMatch(/^30\. Nov\., \d\d:16$/);
  });

  it("groups large numbers the German way, and leaves four digits as they are", async () => {
    await loadLanguage("de");
    expect(t("inviteStart", { count: 50_000 })).toBe("50.000 Einladungen senden");
    expect(t("inviteStart", { count: 2026 })).toBe("2026 Einladungen senden");
  });

  it("writes English dates the English way", async () => {
    await loadLanguage("en-US");
    expect(formatDate("2026-11-30T09:16:00Z", now)).toBe("Nov 30");
    expect(formatDate("2025-03-02T09:16:00Z", now)).toBe("Mar 2, 2025");
    expect(t("inviteStart", { count: 50_000 })).toBe("Send 50,000 invites");
  });
});
