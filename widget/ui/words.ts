import { t, type MessageKey } from "./messages.ts";

/** A power level as Element names it; creators (room version 12) come as 101. */
export function levelName(level: number): string {
  if (level > 100) return t("levelCreator");
  if (level === 100) return t("levelAdmin");
  if (level === 50) return t("levelModerator");
  if (level === 0) return t("levelMember");
  return t("levelCustom", { level });
}

/** Who may do something that needs `level`, in words. */
export function whoMay(level: number, usersDefault: number): string {
  if (level <= usersDefault) return t("whoEveryone");
  if (level > 100) return t("whoCreator");
  return t(level === 100 ? "whoAdmins" : level === 50 ? "whoModerators" : "whoLevel", { level });
}

const joinRules: Record<string, MessageKey> = { public: "joinPublic", invite: "joinInvite", knock: "joinKnock", restricted: "joinRestricted" };

/** A join rule in words; one this widget does not know is shown as the server named it. */
export function joinRuleName(rule: string | null): string {
  const key = rule ? joinRules[rule] : undefined;
  return key ? t(key) : (rule ?? "?");
}
