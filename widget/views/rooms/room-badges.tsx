import type { RoomSummary } from "../../../shared/rooms.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { Badge } from "../../ui/note.tsx";

/** A configured bridge's health colours the badge (the Bridges section says why); other bridges stay neutral. */
const bridgeTone = { ok: "success", warn: "warning", fail: "critical", off: "neutral" } as const;

/** What sets a room apart at a glance; missing moderators name them on hover and when expanded. */
export function RoomBadges({ room }: { room: RoomSummary }) {
  const coverage = room.moderatorCoverage;
  const gaps = coverage ? [...coverage.missing.map((m) => t("modMissing", { user: m })), ...coverage.belowLevel.map((m) => t("modBelow", { user: m }))] : [];
  return (
    <div class="badges">
      {room.isSpace ? <Badge tone="info">{t("badgeSpace")}</Badge> : null}
      {room.encrypted ? (
        <Badge tone="success">
          <Icon name="lock" size={12} />
          {t("badgeEncrypted")}
        </Badge>
      ) : null}
      {room.bridge ? (
        <Badge tone={bridgeTone[room.bridgeHealth?.status ?? "off"]} title={[room.bridge.network, room.bridge.channel, ...(room.bridgeHealth?.problems ?? [])].filter(Boolean).join("\n") || undefined}>
          <Icon name="link" size={12} />
          {t("badgeBridged", { protocol: room.bridge.protocol })}
        </Badge>
      ) : null}
      {room.botJoined ? null : <Badge>{t("badgeBotAbsent")}</Badge>}
      {gaps.length ? (
        <details class="badge-details" data-badge="missing-moderators">
          <summary class="badge tone-warning" title={gaps.join("\n")}>
            {t("badgeModGaps", { count: gaps.length })}
          </summary>
          <ul>
            {gaps.map((gap) => (
              <li key={gap}>{gap}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
