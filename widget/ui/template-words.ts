import type { Template } from "../../shared/templates.ts";
import { t, type MessageKey } from "./messages.ts";

/**
 * Templates in moderators' words: the built-in templates' names and descriptions in the user's
 * language (a template an admin wrote keeps their words), and the room settings Matrix names with
 * ids (`public_chat`, `shared`) as what they mean.
 */
const builtins: Record<string, { name: MessageKey; description: MessageKey }> = {
  community: { name: "tplCommunityName", description: "tplCommunityDescription" },
  announcements: { name: "tplAnnouncementsName", description: "tplAnnouncementsDescription" },
  conflict: { name: "tplConflictName", description: "tplConflictDescription" },
  test: { name: "tplTestName", description: "tplTestDescription" },
};

export function templateName(tpl: Pick<Template, "id" | "builtin" | "body">): string {
  const words = tpl.builtin ? builtins[tpl.id] : undefined;
  return words ? t(words.name) : tpl.body.name;
}

/** A template known only by its id (the access report): a built-in's name in words, otherwise the id. */
export function templateNameById(id: string): string {
  const words = builtins[id];
  return words ? t(words.name) : id;
}

export function templateDescription(tpl: Pick<Template, "id" | "builtin" | "body">): string | undefined {
  const words = tpl.builtin ? builtins[tpl.id] : undefined;
  return words ? t(words.description) : tpl.body.description || undefined;
}

const presets: Record<string, MessageKey> = { private_chat: "presetPrivate", public_chat: "presetPublic", trusted_private_chat: "presetTrusted" };
const histories: Record<string, MessageKey> = { shared: "historyShared", invited: "historyInvited", joined: "historyJoined", world_readable: "historyWorld" };
const visibilities: Record<string, MessageKey> = { private: "visibilityPrivate", public: "visibilityPublic" };

const named = (table: Record<string, MessageKey>) => (id: string) => (table[id] ? t(table[id]) : id);
export const presetName = named(presets);
export const historyName = named(histories);
export const visibilityName = named(visibilities);
