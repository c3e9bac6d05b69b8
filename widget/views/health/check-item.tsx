import type { CheckResult } from "../../../shared/health.ts";
import { StatusBadge, StatusIcon } from "../../ui/status-badge.tsx";
import { t } from "../../ui/messages.ts";
import { RichText } from "../../ui/rich-text.tsx";

/** One doctor check; anything not OK shows its cause and the fix. */
export function CheckItem({ check }: { check: CheckResult }) {
  const needsAttention = check.status === "fail" || check.status === "warn";
  return (
    <li class={`check check-${check.status}`} data-check={check.id} data-status={check.status}>
      <StatusIcon status={check.status} />
      <div class="check-main">
        <div class="check-head">
          <span class="check-title">{check.title}</span>
          {check.required ? null : <span class="check-optional">{t("healthOptional")}</span>}
          <StatusBadge status={check.status} />
        </div>
        <p class="check-summary">
          <RichText text={check.summary} />
        </p>
        {needsAttention && (check.cause || check.fix) ? (
          <dl class="check-detail">
            {check.cause ? (
              <div>
                <dt>{t("healthCause")}</dt>
                <dd data-field="cause">
                  <RichText text={check.cause} />
                </dd>
              </div>
            ) : null}
            {check.fix ? (
              <div>
                <dt>{t("healthFix")}</dt>
                <dd data-field="fix">
                  <RichText text={check.fix} />
                </dd>
              </div>
            ) : null}
          </dl>
        ) : null}
      </div>
    </li>
  );
}
