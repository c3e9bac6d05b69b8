import type { CheckStatus } from "../../shared/health.ts";
import { Icon, type IconName } from "./icons.tsx";
import { t, type MessageKey } from "./messages.ts";

const look: Record<CheckStatus, { icon: IconName; label: MessageKey }> = {
  ok: { icon: "check", label: "statusOk" },
  warn: { icon: "warning", label: "statusWarn" },
  fail: { icon: "error", label: "statusFail" },
  skipped: { icon: "skipped", label: "statusSkipped" },
};

export function StatusIcon({ status }: { status: CheckStatus }) {
  return (
    <span class={`status-icon status-${status}`}>
      <Icon name={look[status].icon} size={18} />
    </span>
  );
}

export function StatusBadge({ status }: { status: CheckStatus }) {
  return <span class={`badge status-${status}`}>{t(look[status].label)}</span>;
}
