import { screenMessages } from "./messages.ts";

/** The shell's own words (page title, copy buttons, where a preview or result landed), kept apart from the shared catalogue. */
const english = {
  appTitle: "Community Dashboard",
  copyId: "Copy {id}",
  copied: "Copied {id}",
  copyFailed: "Could not copy; select the text instead: {id}",
  columnRoom: "Room",
  columnAddress: "Address",
  columnMembers: "Members",
  columnStatus: "Status",
};

const translations: Record<string, Partial<Record<keyof typeof english, string>>> = {
  de: {
    appTitle: "Community Dashboard",
    copyId: "{id} kopieren",
    copied: "{id} kopiert",
    copyFailed: "Kopieren nicht möglich; markiere den Text stattdessen: {id}",
    columnRoom: "Raum",
    columnAddress: "Adresse",
    columnMembers: "Mitglieder",
    columnStatus: "Status",
  },
};

/** Both halves, for the test that holds every translation to the English keys and variables. */
export const catalogue = { english, translations };
export const t = screenMessages(english, translations);
