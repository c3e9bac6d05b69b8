import type { RoomSummary } from "../../../shared/rooms.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { Badge } from "../../ui/note.tsx";

/** A configured bridge's health colours the badge (the Bridges section says why); other bridges stay neutral. */
const bridgeTone = { ok: "success", warn: "warning", fail: "critical", off: "neutral" } as const;

/**
 * What sets a room apart at a glance. Moderator coverage comes from the server's one reading (the
 * Access check's): missing moderators are named on hover and when expanded, with a way to the check
 * that fixes them; moderators with a pending invite count as invited, not missing.
 */
export function RoomBadges({ room, onCheckAccess }: { room: RoomSummary; onCheckAccess?: (() => void) | undefined }) {
  const coverage = room.moderatorCoverage;
  const gaps = coverage ? [...coverage.missing.map((m) => t("modMissing", { user: m })), ...coverage.belowLevel.map((m) => t("modBelow", { user: m }))] : [];
  const invited = coverage?.invited ?? [];
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
          {onCheckAccess ? (
            <button type="button" class="button button-secondary button-small" onClick={onCheckAccess} data-open="access-check">
              {t("modOpenAccessCheck")}
            </button>
          ) : null}
        </details>
      ) : null}
      {invited.length ? (
        <span class="badge tone-info" title={invited.map((m) => t("modInvited", { user: m })).join("\n")} data-badge="invited-moderators">
          {t("badgeModInvited", { count: invited.length })}
        </span>
      ) : null}
    </div>
  );
}
