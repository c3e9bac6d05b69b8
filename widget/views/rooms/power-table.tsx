import type { RoomDetail } from "../../../shared/rooms.ts";
import { levelName, whoMay } from "../../ui/words.ts";
import { t } from "../../ui/messages.ts";
import { Summary } from "../../ui/summary.tsx";

/** The room's power levels as sentences a moderator reads at a glance. */
export function PowerTable({ detail }: { detail: RoomDetail }) {
  const pl = detail.powerLevels;
  const who = (level: number) => whoMay(level, pl.usersDefault);
  const event = (type: string) => pl.events.find((e) => e.type === type)?.level;
  const shown = new Set(["m.room.message", "m.room.power_levels"]);
  const others = pl.events.filter((e) => !shown.has(e.type));
  return (
    <Summary
      rows={[
        { id: "send", label: t("plSend"), value: who(event("m.room.message") ?? pl.eventsDefault) },
        { id: "invite", label: t("plInvite"), value: who(pl.invite) },
        { id: "kick", label: t("plKick"), value: who(pl.kick) },
        { id: "ban", label: t("plBan"), value: who(pl.ban) },
        { id: "redact", label: t("plRedact"), value: who(pl.redact) },
        { id: "settings", label: t("plSettings"), value: who(pl.stateDefault) },
        { id: "levels", label: t("plLevels"), value: who(event("m.room.power_levels") ?? pl.stateDefault) },
        { id: "default", label: t("plDefault"), value: levelName(pl.usersDefault) },
        others.length > 0 && { id: "events", label: t("plOther"), value: t("plOtherCount", { count: others.length }), items: others.map((e) => `${e.type}: ${who(e.level)}`) },
        { id: "users", label: t("plUsers"), value: pl.users.length, items: pl.users.map((u) => `${u.userId}: ${levelName(u.level)}`) },
        { id: "bot", label: t("plBot"), value: detail.bot.canInvite.ok ? t("plBotOk", { level: levelName(detail.bot.level) }) : detail.bot.canInvite.reason, tone: detail.bot.canInvite.ok ? undefined : "warning" },
      ]}
    />
  );
}
