import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLanguage } from "../../widget/ui/messages.ts";
import { loadSaidWords, messageText, problemWords, refusalText, saidText } from "../../widget/ui/said-words.ts";
import { Problem } from "../../widget/client/problem.ts";
import { ApiError } from "../../server/kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../server/kernel/errors/homeserver-failure.ts";
import { zodToApiError } from "../../server/kernel/errors/known-error.ts";
import { bridgeErrors } from "../../server/features/bridges/bridge-error.ts";
import { said, saidBecause } from "../../shared/said.ts";
import { CreateRoomInput } from "../../shared/rooms.ts";
import { mayKick } from "../../server/features/rooms/guardrails.ts";
import { CREATOR_POWER } from "../../server/kernel/matrix/power-levels.ts";

// The catalogue marks the page's language; a bare stand-in for the document is enough here.
beforeAll(async () => {
  (globalThis as { document?: unknown }).document = { documentElement: {} };
  await Promise.all([loadSaidWords("de"), loadSaidWords("en")]);
});
afterAll(async () => {
  await loadLanguage("en");
  delete (globalThis as { document?: unknown }).document;
});

/** The Problem the widget's client makes of an ApiError the server threw (as widget/client/api.ts does with the body). */
const asWidgetSees = (err: ApiError) => new Problem("failed", err.message, err.hint, { code: err.code, field: err.field, said: err.said });

const bridge = { network: "whatsapp", displayName: "WhatsApp", botUserId: "@whatsappbot:example.org" } as Parameters<typeof bridgeErrors.noProvisioning>[0];

describe("what the server says, in the user's language", () => {
  it("words an error and its hint in German from the code and parameters", async () => {
    await loadLanguage("de");
    const words = problemWords(asWidgetSees(bridgeErrors.noProvisioning(bridge)));
    expect(words.message).toBe("Die Brücke zu WhatsApp wird nur über Befehle gesteuert: Die Anmeldung aus dem Dashboard braucht ihre Provisioning-API.");
    expect(words.hint).toContain("`login` vom Bot des Dashboards an @whatsappbot:example.org");
  });

  it("keeps the server's English (with what was being done) on English screens", async () => {
    await loadLanguage("en-GB");
    const err = ApiError.notFound("No job 7.", "List jobs with GET /api/jobs.").saying("jobNotFound", { id: "7" });
    expect(problemWords(asWidgetSees(err))).toEqual({ message: "No job 7.", hint: "List jobs with GET /api/jobs." });
    const failure = describeMatrixFailure({ errcode: "M_FORBIDDEN", error: "You are not invited" }, "inviting @a:x");
    expect(saidText(failure.said)).toBe("inviting @a:x: the homeserver refused the bot (M_FORBIDDEN: You are not invited)");
  });

  it("keeps the English of a code it does not know, and shows no hint the server did not send", async () => {
    await loadLanguage("de");
    expect(saidText(said("somethingNew", "Something new went wrong."))).toBe("Something new went wrong.");
    const noHint = problemWords(asWidgetSees(ApiError.conflict("Job 7 has already finished.").saying("jobAlreadyOver", { id: "7", state: "done" })));
    expect(noHint).toEqual({ message: "Auftrag 7 ist schon beendet (fertig).", hint: undefined });
    // A problem without a code (an older server) stays as it was sent.
    expect(problemWords(new Problem("failed", "Plain English.", "Do this."))).toEqual({ message: "Plain English.", hint: "Do this." });
  });

  it("words the homeserver's failures, keeping its own words as they were sent", async () => {
    await loadLanguage("de");
    const failure = describeMatrixFailure({ errcode: "M_FORBIDDEN", error: "You are not invited" }, "inviting @a:x");
    expect(saidText(failure.said)).toBe("Der Homeserver hat den Bot abgewiesen (M_FORBIDDEN: You are not invited).");
    const limited = describeMatrixFailure({ errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 2500 });
    expect(saidText(limited.said)).toBe("Das Anfragelimit des Homeservers wurde erreicht; erneuter Versuch in 3 s.");
  });

  it("words schema refusals by field and kind of problem", async () => {
    await loadLanguage("de");
    const refusal = (input: unknown) => {
      const parsed = CreateRoomInput.safeParse(input);
      if (parsed.success) throw new Error("expected a refusal");
      return problemWords(asWidgetSees(zodToApiError(parsed.error))).message;
    };
    expect(refusal({})).toBe("template: Das wird benötigt.");
    expect(refusal({ template: "community", invitees: ["bob"] })).toBe("invitees.0: muss eine Matrix-ID wie @alice:example.org sein.");
    expect(refusal({ template: "community", name: "x".repeat(300) })).toMatch(/^name: höchstens \d+ Zeichen\.$/);
    // Further problems are counted in German too (the server's English says "(and 1 more problem)").
    expect(refusal({ template: "community", invitees: ["bob"], name: "x".repeat(300) })).toMatch(/^\S+: .+ \(und 1 weiteres Problem\)$/);
    expect(refusal({ template: "community", invitees: ["bob", "carol"], name: "x".repeat(300) })).toMatch(/\(und 2 weitere Probleme\)$/);
  });

  it("words a guardrail refusal and its hint", async () => {
    await loadLanguage("de");
    const verdict = mayKick({ actorLevel: 100, targetModeratorRoomLevel: 0, targetRoomLevel: 0, botLevel: 0, powerLevels: { kick: 50 } });
    if (verdict.ok) throw new Error("expected a refusal");
    const err = ApiError.forbidden(verdict.reason, "Raise the bot's power level in that room.").saying(verdict.code, verdict.params);
    expect(problemWords(asWidgetSees(err))).toEqual({ message: "Der Bot hat Stufe 0; um in diesem Raum zu entfernen, braucht er 50.", hint: "Erhöhe die Stufe des Bots in diesem Raum." });
  });

  it("words a job's and an item's message, and a reason inside a reason", async () => {
    await loadLanguage("de");
    expect(messageText({ message: "already joined", said: said("itemAlreadyJoined", "already joined") })).toBe("schon beigetreten");
    expect(messageText({ message: "3 of 4 failed.", said: said("jobSomeFailed", "3 of 4 failed.", { count: 3, total: 4 }) })).toBe("3 von 4 gescheitert.");
    expect(messageText({ message: "English only", said: undefined })).toBe("English only");
    // Matrix's membership values are named in German inside a German sentence.
    expect(messageText({ message: "not banned (membership: join)", said: said("itemNotBanned", "not banned (membership: join)", { membership: "join" }) })).toBe("nicht gebannt (Mitgliedschaft: beigetreten)");
    expect(messageText({ message: "nothing to do (membership: none)", said: said("itemNothingToDo", "nothing to do (membership: none)", { membership: "none" }) })).toBe("nichts zu tun (Mitgliedschaft: keine)");
    const cause = describeMatrixFailure(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })).said!;
    const retrying = saidBecause("jobRetrying", "x; retrying", {}, cause);
    expect(saidText(retrying)).toBe("An der Adresse des Homeservers antwortet nichts (Verbindung abgelehnt, ECONNREFUSED); neuer Versuch folgt.");
    // A reason the server had no code for stays English inside the German sentence.
    expect(saidText(saidBecause("syncStepFailed", "invite failed: boom", { step: "invite" }, "boom"))).toBe("invite gescheitert: boom");
  });

  it("words a creator's unlimited power (sent as 101) as the role, in an error and in a plan, in both languages", async () => {
    // An error: the guardrail's refusal of a moderator acting on the room's creator.
    const verdict = mayKick({ actorLevel: 100, targetModeratorRoomLevel: 0, targetRoomLevel: CREATOR_POWER, botLevel: 100, powerLevels: { kick: 50 } });
    if (verdict.ok) throw new Error("expected a refusal");
    const err = ApiError.forbidden(verdict.reason).saying(verdict.code!, verdict.params);
    await loadLanguage("de");
    expect(problemWords(asWidgetSees(err)).message).toBe("Du kannst niemanden auf oder über deiner eigenen Stufe entfernen (deren Ersteller, deine 100).");
    expect(refusalText(verdict)).toBe("Du kannst niemanden auf oder über deiner eigenen Stufe entfernen (deren Ersteller, deine 100).");
    // A plan's warning, with a `…Level`-named parameter and a plain `level` one.
    const botCannot = said("sync.bot-cannot-remove", "x", { botLevel: 100, user: "@c:x", targetLevel: 101, room: "!r:x" });
    expect(saidText(botCannot)).toBe("Der Bot (Stufe 100) kann @c:x (Stufe Ersteller) nicht aus !r:x entfernen.");
    // English screens show the widget's English for refusals and plans, with the role too.
    await loadLanguage("en");
    expect(problemWords(asWidgetSees(err)).message).toBe("You cannot remove someone at or above your own level (theirs Creator, yours 100).");
    expect(saidText(botCannot)).toBe("The bot (level 100) cannot remove @c:x (level Creator) from !r:x.");
    // A count over 100 is no level: it stays a number.
    expect(saidText(said("jobSomeFailed", "x", { count: 150, total: 200 }))).toBe("x");
    await loadLanguage("de");
    expect(saidText(said("jobSomeFailed", "x", { count: 150, total: 200 }))).toBe("150 von 200 gescheitert.");
  });

  it("words a reason inside a sentence by its own code, and keeps an unknown inner code's English", async () => {
    const limited = describeMatrixFailure({ errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 2000 }).said!;
    const gaveUp = saidBecause("jobGaveUp", `Gave up after waiting an hour: ${limited.text}.`, {}, limited);
    await loadLanguage("de");
    expect(saidText(gaveUp)).toBe("Nach einer Stunde Warten aufgegeben: Das Anfragelimit des Homeservers wurde erreicht; erneuter Versuch in 2 s.");
    const unknownInner = saidBecause("jobRetrying", "Something new; retrying.", {}, said("somethingNew", "Something new"));
    expect(saidText(unknownInner)).toBe("Something new; neuer Versuch folgt.");
    // English keeps the server's sentence, which already holds the inner one.
    await loadLanguage("en");
    expect(saidText(gaveUp)).toBe(gaveUp.text);
  });

  it("keeps the server's English for a code no table has, a plan's too, in every language", async () => {
    const novel = said("rooms.something-new", "Something new about this room.");
    for (const language of ["en", "de", "fr"]) {
      await loadLanguage(language);
      expect(saidText(novel), language).toBe("Something new about this room.");
    }
  });

  it("words plans in the widget's plain English on English screens and in languages without a table", async () => {
    const worldReadable = said("rooms.world-readable", "History is world_readable: anyone, even without joining, can read every message in this room.");
    for (const language of ["en-GB", "fr"]) {
      await loadLanguage(language);
      expect(saidText(worldReadable), language).toBe("History is readable by anyone: even people who never join can read every message in this room.");
    }
    // Errors keep the server's English there (it says what was being done).
    expect(saidText(describeMatrixFailure({ errcode: "M_FORBIDDEN", error: "no" }, "inviting @a:x").said)).toBe("inviting @a:x: the homeserver refused the bot (M_FORBIDDEN: no)");
  });

  it("words every guardrail refusal in English as the server does (a creator's level aside)", async () => {
    await loadLanguage("en");
    const guardrails = readFileSync(path.join(import.meta.dirname, "../../server/features/rooms/guardrails.ts"), "utf8");
    const codes = [...new Set([...guardrails.matchAll(/"(refuse\w+)"/g)].map((m) => m[1]!))];
    expect(codes.length).toBeGreaterThanOrEqual(12);
    for (const code of codes) expect(refusalText({ reason: "", code, params: {} }), code).not.toBe("");
    const refusal = mayKick({ actorLevel: 50, targetModeratorRoomLevel: 50, targetRoomLevel: 0, botLevel: 100, powerLevels: null });
    if (refusal.ok) throw new Error("expected a refusal");
    expect(refusalText(refusal)).toBe(refusal.reason);
    const botRefusal = mayKick({ actorLevel: 100, targetModeratorRoomLevel: 0, targetRoomLevel: 0, botLevel: 20, powerLevels: { kick: 50 } });
    if (botRefusal.ok) throw new Error("expected a refusal");
    expect(refusalText(botRefusal)).toBe(botRefusal.reason);
  });
});
