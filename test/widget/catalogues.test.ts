import { describe, expect, it } from "vitest";
import { en } from "../../widget/ui/messages.ts";
import { de } from "../../widget/ui/de.ts";
import { catalogue as automation } from "../../widget/views/automation/messages.ts";
import { catalogue as bridges } from "../../widget/views/bridges/messages.ts";
import { catalogue as access } from "../../widget/views/rooms/access-messages.ts";
import { catalogue as health } from "../../widget/views/health/health-words.ts";
import { catalogue as banLists } from "../../widget/views/policy-lists/messages.ts";
import { catalogue as reports } from "../../widget/views/reports/messages.ts";
import { catalogue as userCard } from "../../widget/views/user-card/messages.ts";
import { catalogue as conflictWords } from "../../widget/views/moderation/conflict-words.ts";
import { catalogue as saidWords } from "./said-catalogue.ts";

/** A message's variables, with each {singular|plural} choice counted as one. */
const variables = (text: string) =>
  [...text.matchAll(/\{[^{}]*\}/g)].map((m) => (m[0].includes("|") ? "{singular|plural}" : m[0])).sort();

function expectSameMessages(english: Record<string, string>, translated: Record<string, string | undefined>) {
  expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
  for (const [key, text] of Object.entries(english)) {
    expect(translated[key], key).toBeTruthy();
    expect(variables(translated[key]!), key).toEqual(variables(text));
  }
}

describe("the German catalogue", () => {
  it("has every shared message, with the same variables and plural choices", () => {
    expectSameMessages(en, de);
  });

  it("has every message of the screens that bring their own", () => {
    for (const { english, translations } of [automation, bridges, access, health, banLists, reports, userCard, conflictWords, saidWords]) expectSameMessages(english, translations.de ?? {});
  });
});
