import { describe, expect, it } from "vitest";
import { catalogue } from "../../widget/ui/shell-messages.ts";

const variables = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();

describe("the shell's own messages", () => {
  it("has German for every English message, with the same variables", () => {
    const de = catalogue.translations.de ?? {};
    expect(Object.keys(de).sort()).toEqual(Object.keys(catalogue.english).sort());
    for (const [key, text] of Object.entries(catalogue.english)) expect(variables(de[key as keyof typeof de]!), key).toEqual(variables(text));
  });
});
