import type { BridgeHealth } from "../../../shared/rooms.ts";
import { Icon, type IconName } from "../../ui/icons.tsx";
import { Note } from "../../ui/note.tsx";
import { Summary } from "../../ui/summary.tsx";
import { t } from "./messages.ts";

type Status = BridgeHealth["status"];
const look: Record<Status, { icon: IconName; tone: string; label: Parameters<typeof t>[0] }> = {
  ok: { icon: "check", tone: "success", label: "bridgeStatusOk" },
  warn: { icon: "warning", tone: "warning", label: "bridgeStatusWarn" },
  fail: { icon: "error", tone: "critical", label: "bridgeStatusFail" },
  off: { icon: "skipped", tone: "neutral", label: "bridgeStatusOff" },
};

export const statusLabel = (status: Status) => t(look[status].label);

/** Green, amber, red or grey: a dot with the word, so the state never rests on colour alone. */
export function HealthDot({ status }: { status: Status }) {
  return (
    <span class={`health-dot health-${status}`} data-health-status={status}>
      <Icon name={look[status].icon} size={14} />
      {statusLabel(status)}
    </span>
  );
}

const memberships: Record<string, Parameters<typeof t>[0]> = { join: "membershipJoin", invite: "membershipInvite", leave: "membershipLeave", ban: "membershipBan" };
const membership = (state: string | null) => t(memberships[state ?? ""] ?? "membershipNone");

/** How a bridge stands in one room: the verdict, the remote chat, the bridge bot, relay, puppets, and each problem with what to do. */
export function HealthCard({ health, onRefresh }: { health: BridgeHealth; onRefresh(): void }) {
  const { bridgeBot: bot } = health;
  const chat = health.remoteChat;
  return (
    <section class={`card stack health-card health-border-${health.status}`} data-bridge-health={health.network} aria-labelledby="bridge-health-title">
      <div class="health-verdict">
        <h3 id="bridge-health-title">{t("bridgeHealthTitle")}</h3>
        <HealthDot status={health.status} />
        {/* The bridge joins, leaves and adds its puppets on its own time: a look again shows where it got to. */}
        <button type="button" class="icon-button icon-button-small" onClick={onRefresh} aria-label={t("checkAgain")} title={t("checkAgain")}>
          <Icon name="refresh" size={16} />
        </button>
      </div>
      <Summary
        rows={[
          { id: "bridge", label: t("bridgeWith"), value: health.displayName },
          health.bridged && { id: "chat", label: t("remoteChat"), value: chat?.name ?? chat?.id ?? "?", items: chat?.id && chat.name ? [chat.id] : undefined },
          {
            id: "bot",
            label: t("bridgeBot"),
            // Its level matters once it bridges; before that, whether it is there is enough.
            value: health.bridged ? t("bridgeBotState", { membership: membership(bot.membership), level: bot.powerLevel, needed: bot.neededLevel }) : membership(bot.membership),
            items: [bot.userId],
            tone: !health.bridged ? undefined : bot.membership !== "join" ? "critical" : bot.powerLevel < bot.neededLevel ? "warning" : undefined,
          },
          health.bridged && { id: "relay", label: t("relay"), value: health.relay === null ? t("relayUnknown") : health.relay ? t("on") : t("off") },
          health.bridged && { id: "puppets", label: t("puppets"), value: health.puppets },
        ]}
      />
      {health.encryptionWarning && !health.bridged ? (
        <Note tone="warning">
          <p>{t("encryptionWarning")}</p>
        </Note>
      ) : null}
      {health.problems.length ? (
        <Note tone={health.status === "fail" ? "critical" : "warning"}>
          <ul class="problems">
            {health.problems.map((problem) => (
              <li key={problem} data-problem>
                {problem}
              </li>
            ))}
          </ul>
        </Note>
      ) : null}
    </section>
  );
}
