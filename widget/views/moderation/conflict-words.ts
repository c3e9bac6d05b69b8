import { screenMessages } from "../../ui/messages.ts";

/**
 * What the conflict room's form writes into the room (its topic and opening message) in the moderator's
 * language: sent as input and posted as written, so the preview shows it exactly. Chat and the CLI leave
 * them out and get the server's English.
 */
const english = {
  conflictTopicText: "Mediated conversation.",
  conflictOpeningText: "This room was opened by {actor} to help {parties} resolve a disagreement. Reason: {reason}",
  conflictOpeningMediated: "This room was opened by {actor} to help {parties} resolve a disagreement, with {mediator} mediating. Reason: {reason}",
};

const translations: Record<string, Partial<Record<keyof typeof english, string>>> = {
  de: {
    conflictTopicText: "Moderiertes Gespräch.",
    conflictOpeningText: "Diesen Raum hat {actor} eröffnet, damit {parties} eine Meinungsverschiedenheit klären können. Grund: {reason}",
    conflictOpeningMediated: "Diesen Raum hat {actor} eröffnet, damit {parties} eine Meinungsverschiedenheit klären können; {mediator} vermittelt. Grund: {reason}",
  },
};

export const catalogue = { english, translations };
export const tc = screenMessages(english, translations);
