import { en } from "../../widget/ui/messages.ts";
import { de } from "../../widget/ui/de.ts";
import { catalogue as automation } from "../../widget/views/automation/messages.ts";
import { catalogue as bridges } from "../../widget/views/bridges/messages.ts";
import { catalogue as access } from "../../widget/views/rooms/access-messages.ts";
import { catalogue as health } from "../../widget/views/health/health-words.ts";
import { catalogue as conflictWords } from "../../widget/views/moderation/conflict-words.ts";
import { catalogue as saidWords } from "../widget/said-catalogue.ts";

/** Every English sentence without variables whose German differs: seen on a German screen, it was never translated. */
function untranslatedSentences(): Set<string> {
  const sentences = new Set<string>();
  const add = (english: Record<string, string>, german: Record<string, string | undefined>) => {
    for (const [key, text] of Object.entries(english)) if (!/[{}]/.test(text) && german[key] !== text) sentences.add(text);
  };
  add(en, de);
  for (const c of [automation, bridges, access, health, conflictWords, saidWords]) add(c.english, (c.translations as Record<string, Record<string, string>>).de ?? {});
  return sentences;
}

/** Words that give away English text; none is also a German word ("was", "will", "fix", "Person", "in"…). */
const ENGLISH_ONLY = /\b(the|and|with|from|rooms?|people|members?|missing|invited|preview|send|create|check|copy|changed|days?|ago|moderators|announcement|template|sent|removed|banned|failed|you|your|what|who|when|which|this|that|is|are|has|have|can|cannot)\b/i;

/**
 * Lines on a German screen that are still English: a catalogue sentence left as it is, or a line
 * with an English-only word. `known` is data that is no language (IDs, names the test seeded).
 */
export function englishLeft(text: string, known: string[]): string[] {
  const sentences = untranslatedSentences();
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .filter((line) => {
      if (known.includes(line)) return false;
      if (sentences.has(line)) return true;
      const stripped = known.reduce((rest, k) => rest.split(k).join(" "), line).replace(/[@!#][^\s,;]+/g, " ");
      return ENGLISH_ONLY.test(stripped);
    });
}
