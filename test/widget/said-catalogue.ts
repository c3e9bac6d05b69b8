import { english as shownEnglish } from "../../widget/ui/said-en.ts";
import { english as serverEnglish } from "../../widget/ui/said-en-server.ts";
import { de } from "../../widget/ui/said-de.ts";

/**
 * Every code the widget can word, as the tests read it: the English of both references (what English
 * screens show for plans and refusals, the server's own English for the rest) and each language's table.
 */
export const catalogue = {
  english: { ...serverEnglish, ...shownEnglish } as Record<string, string>,
  translations: { de } as Record<string, Record<string, string | undefined>>,
};

/** Codes both English references hold: each code has one English, so this stays empty. */
export const inBothEnglish = Object.keys(shownEnglish).filter((code) => code in serverEnglish);
