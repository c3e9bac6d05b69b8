import { t, type MessageKey } from "./messages.ts";
import { levelName } from "./words.ts";

/** Guardrail refusals the server sends as codes with levels; one this widget does not know keeps the server's English. */
const refusals: Record<string, MessageKey> = {
  refuseTouchLevel: "refuseTouchLevel",
  refuseTouchRemove: "refuseTouchRemove",
  refuseTouchBan: "refuseTouchBan",
  refuseGrantAbove: "refuseGrantAbove",
  refuseBotPower: "refuseBotPower",
  refuseBotTouchLevel: "refuseBotTouchLevel",
  refuseBotGrantAbove: "refuseBotGrantAbove",
  refuseBotKick: "refuseBotKick",
  refuseBotTouchRemove: "refuseBotTouchRemove",
  refuseBotBan: "refuseBotBan",
  refuseBotTouchBan: "refuseBotTouchBan",
  refuseBotInvite: "refuseBotInvite",
  refuseTouchRedact: "refuseTouchRedact",
  refuseBotRedact: "refuseBotRedact",
};

/** Whether a code is one of the guardrail refusals the shared catalogue words. */
export const isRefusalCode = (code: string): boolean => Object.hasOwn(refusals, code);

/** A creator's level (sent as 101) reads as the role; every other level as its number. */
const levelWords = (params: Record<string, number>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v > 100 ? levelName(v) : v]));

export function refusalText(refusal: { reason: string; code?: string | undefined; params?: Record<string, number> | undefined }): string {
  const key = refusal.code ? refusals[refusal.code] : undefined;
  return key ? t(key, levelWords(refusal.params ?? {})) : refusal.reason;
}
