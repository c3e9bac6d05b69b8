import type { CheckResult } from "../../../shared/health.ts";
import { StatusBadge, StatusIcon } from "../../ui/status-badge.tsx";
import { t as shared } from "../../ui/messages.ts";
import { RichText } from "../../ui/rich-text.tsx";
import { ForServerAdmins } from "../../ui/for-admins.tsx";
import { checkSummary, checkTitle, t } from "./health-words.ts";

/**
 * One doctor check in moderators' words. Anything not OK says a server admin can fix it; the server's
 * own details (paths, device facts) and, for problems, the cause and the fix (API paths, commands,
 * settings) sit behind "For server admins", in the server's English.
 */
export function CheckItem({ check }: { check: CheckResult }) {
  const needsAttention = check.status === "fail" || check.status === "warn";
  return (
    <li class={`check check-${check.status}`} data-check={check.id} data-status={check.status}>
      <StatusIcon status={check.status} />
      <div class="check-main">
        <div class="check-head">
          <span class="check-title">{checkTitle(check)}</span>
          {check.required ? null : <span class="check-optional">{shared("healthOptional")}</span>}
          <StatusBadge status={check.status} />
        </div>
        <p class="check-summary">
          <RichText text={checkSummary(check)} />
        </p>
        {needsAttention && (check.cause || check.fix) ? <p class="muted">{t("healthAskAdmin")}</p> : null}
        {(needsAttention && (check.cause || check.fix)) || check.code ? (
          <ForServerAdmins>
              <dl class="check-detail">
                <div>
                  <dt>{t("healthDetail")}</dt>
                  <dd lang="en">
                    <RichText text={check.summary} />
                  </dd>
                </div>
                {needsAttention && check.cause ? (
                  <div>
                    <dt>{shared("healthCause")}</dt>
                    <dd data-field="cause" lang="en">
                      <RichText text={check.cause} />
                    </dd>
                  </div>
                ) : null}
                {needsAttention && check.fix ? (
                  <div>
                    <dt>{shared("healthFix")}</dt>
                    <dd data-field="fix" lang="en">
                      <RichText text={check.fix} />
                    </dd>
                  </div>
                ) : null}
              </dl>
          </ForServerAdmins>
        ) : null}
      </div>
    </li>
  );
}
