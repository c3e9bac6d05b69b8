import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { features } from "../../server/features/all.ts";
import { repoRoot } from "./import-graph.ts";

/** Where an action's name prefix and its folder differ, for a name the API already publishes. */
const FOLDER_OF_PREFIX: Record<string, string> = { widget: "widget-install" };

/**
 * An action's family is the API-token scope that allows it. Most are their feature's name; these
 * keep the scope tokens already issued carry (changing one would lock those tokens out).
 */
const SCOPE_KEPT: Record<string, string> = {
  "rooms.kick": "moderation",
  "templates.save": "rooms",
  "templates.delete": "rooms",
  "templates.import": "rooms",
  "onboarding.approve-intake": "sync",
  "tokens.create": "admin",
  "tokens.revoke": "admin",
  "widget.install": "admin",
  "jobs.cancel": "admin",
};

describe("an action's name, its family and its folder agree", () => {
  const featureDirs = readdirSync(path.join(repoRoot, "server/features"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

  it("every feature folder with a feature.ts is registered, under its folder's name", () => {
    const withFeature = featureDirs.filter((d) => existsSync(path.join(repoRoot, "server/features", d, "feature.ts")));
    expect(features.map((f) => f.name).sort()).toEqual(withFeature.sort());
  });

  it("an action's name begins with its feature's name", () => {
    const wrong = features.flatMap((f) =>
      (f.actions ?? []).filter((a) => {
        const prefix = a.name.split(".")[0]!;
        return (FOLDER_OF_PREFIX[prefix] ?? prefix) !== f.name;
      }).map((a) => `${a.name} in ${f.name}`),
    );
    expect(wrong).toEqual([]);
  });

  it("an action's family is its feature's name, or the token scope it has always had", () => {
    const wrong = features.flatMap((f) =>
      (f.actions ?? []).filter((a) => a.family !== (SCOPE_KEPT[a.name] ?? f.name)).map((a) => `${a.name}: family ${a.family}`),
    );
    expect(wrong).toEqual([]);
  });

  it("a chat command belongs to the feature that registers the action it runs", () => {
    const actionsOf = new Map(features.map((f) => [f.name, new Set((f.actions ?? []).map((a) => a.name))]));
    const strays = features.flatMap((f) => (f.commands ?? []).filter((c) => c.action && !actionsOf.get(f.name)!.has(c.action)).map((c) => `${c.name.join(" ")} → ${c.action} in ${f.name}`));
    expect(strays).toEqual([]);
  });
});
