import type { Problem } from "../../client/problem.ts";
import { StatusScreen } from "../../ui/status-screen.tsx";
import { t, type MessageKey } from "../../ui/messages.ts";
import { problemWords } from "../../ui/said-words.ts";

export type SignInState = { step: "connecting" } | { step: "signing-in" } | { step: "stopped"; problem: Problem };

const notInHostReasons: Record<string, MessageKey> = {
  direct: "notInHostDirect",
  untemplated: "notInHostUntemplated",
  "no-answer": "notInHostNoAnswer",
};

/** Every screen shown before the moderator is signed in: waiting, or why it stopped and what to do. */
export function SignInScreen({ state, onRetry }: { state: SignInState; onRetry(): void }) {
  if (state.step === "connecting") return <StatusScreen screen="connecting" tone="neutral" busy title={t("connecting")} />;
  if (state.step === "signing-in") {
    return <StatusScreen screen="signing-in" tone="neutral" busy title={t("signingIn")} hint={t("signingInHint")} />;
  }
  const { problem } = state;
  const words = problemWords(problem);
  const retry = { label: t("tryAgain"), onClick: onRetry };
  switch (problem.kind) {
    case "not-in-host":
      return (
        <StatusScreen screen="not-in-host" tone="info" icon="widget" title={t("notInHostTitle")} hint={t("notInHostHint")}>
          <p>{t("notInHostBody")}</p>
          <p class="muted">{t(notInHostReasons[problem.message] ?? "notInHostNoAnswer")}</p>
        </StatusScreen>
      );
    case "openid-refused":
      return (
        <StatusScreen screen="openid-refused" tone="warning" icon="shield" title={t("openIdRefusedTitle")} hint={t("openIdRefusedHint")} action={retry}>
          <p>{t("openIdRefusedBody")}</p>
        </StatusScreen>
      );
    case "forbidden":
      return (
        <StatusScreen screen="not-moderator" tone="warning" icon="lock" title={t("notModeratorTitle")} hint={words.hint ?? t("notModeratorHint")} action={retry}>
          <p>{words.message}</p>
        </StatusScreen>
      );
    case "unreachable":
      return (
        <StatusScreen screen="unreachable" tone="critical" icon="cloudOff" title={t("unreachableTitle")} hint={t("unreachableHint")} action={retry}>
          <p>{t("unreachableBody")}</p>
        </StatusScreen>
      );
    default:
      return (
        <StatusScreen screen="failed" tone="critical" icon="error" title={t("failedTitle")} hint={words.hint} action={retry}>
          <p>{words.message}</p>
        </StatusScreen>
      );
  }
}
