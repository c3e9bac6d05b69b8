/**
 * Every sentence the widget shows. English is the reference catalogue; another language adds a
 * partial catalogue and falls back to English for what it lacks.
 */
const en = {
  connecting: "Connecting to Element…",
  signingIn: "Signing you in…",
  signingInHint: "If Element asks, allow the widget to verify your identity.",
  tryAgain: "Try again",

  notInHostTitle: "Open the dashboard from Element",
  notInHostBody:
    "The Community Dashboard is an Element widget. It works once it has been added to your community's moderator room: open that room in Element, then the room info panel, then Extensions.",
  notInHostDirect: "This page was opened directly in a browser tab.",
  notInHostUntemplated: "Its address still holds placeholders such as $matrix_room_id, so no Matrix client opened it.",
  notInHostNoAnswer: "The page around it did not answer the way a Matrix client does.",
  notInHostHint: "An admin adds the widget to the moderator room with `npm run install-widget`.",

  openIdRefusedTitle: "Allow the widget to verify your identity",
  openIdRefusedBody:
    "The dashboard checks who you are with a one-time token from Element. Without it, it cannot tell whether you are a moderator.",
  openIdRefusedHint:
    "Choose “Try again” and allow it when Element asks. If Element no longer asks, open the widget's menu, choose “Revoke permissions” and try again.",

  notModeratorTitle: "This dashboard is for moderators",
  notModeratorHint: "Ask an admin of the moderator room to raise your power level.",

  unreachableTitle: "The dashboard server cannot be reached",
  unreachableBody: "Element is fine, but the dashboard's own server did not answer.",
  unreachableHint: "Check your connection and try again. If it persists, tell the person who runs the dashboard.",

  failedTitle: "Something went wrong",

  signedInAs: "Signed in as",
  moderatorLevel: "Moderator · power level {level}",
  openModeratorRoom: "Open moderator room",

  healthTitle: "Health",
  healthLoading: "Checking the setup…",
  healthChecking: "Checking…",
  healthCheckAgain: "Check again",
  healthCheckedAt: "Checked at {time}",
  healthAllGood: "Everything works",
  healthWarning: "Ready · {count} warning",
  healthWarnings: "Ready · {count} warnings",
  healthFailing: "{count} required check failing",
  healthFailings: "{count} required checks failing",
  healthCause: "Cause",
  healthFix: "Fix",
  healthOptional: "optional",
  healthFailedToLoad: "The health report could not be loaded.",

  statusOk: "OK",
  statusWarn: "Warning",
  statusFail: "Failing",
  statusSkipped: "Skipped",
} as const;

export type MessageKey = keyof typeof en;
type Catalogue = Partial<Record<MessageKey, string>>;

const catalogues: Record<string, Catalogue> = { en };
let current: Catalogue = en;

/** Picks the catalogue for a BCP 47 tag ("de-AT" → "de"), English when there is none; returns the tag used. */
export function setLanguage(language: string | undefined): string {
  const tag = (language ?? "").toLowerCase();
  const base = tag.split("-")[0] ?? "";
  const chosen = catalogues[tag] ? tag : catalogues[base] ? base : "en";
  current = catalogues[chosen]!;
  document.documentElement.lang = chosen;
  return chosen;
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = current[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
