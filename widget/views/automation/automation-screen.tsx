import type { ApiTokenInfo } from "../../../shared/api-tokens.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useLoad } from "../../ui/hooks.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { t } from "./messages.ts";
import { TokenForm } from "./token-form.tsx";
import { TokenList } from "./token-list.tsx";
import { problemWords } from "../../ui/said-words.ts";

/**
 * Automation: API tokens for scripts. Only admins manage them; the server says who counts as one,
 * so a moderator below that level sees its reason instead of the screen.
 */
export function AutomationScreen({ active }: { active: boolean }) {
  const { api, session } = useDashboard();
  // Read again each time the tab is shown: "last used" moves while scripts run.
  const tokens = useLoad(() => api.request<ApiTokenInfo[]>("GET", "api/tokens"), [api], active);
  const docs = api.urlOf("api/openapi.json");
  const forbidden = tokens.problem?.kind === "forbidden";
  return (
    <section class="stack" data-view="automation" aria-busy={tokens.loading ? "true" : undefined}>
      <div class="stack-tight">
        <p class="muted">{t("automationIntro")}</p>
        <p class="muted">
          {t("automationDocs")}{" "}
          <a href={docs} target="_blank" rel="noopener noreferrer" data-link="openapi">
            /api/openapi.json
          </a>
        </p>
      </div>
      {forbidden ? (
        <div data-locked="automation">
          <Note tone="info">
            <p>
              <strong>{problemWords(tokens.problem!).message}</strong>
            </p>
            <p class="note-hint">{t("automationYourLevel", { level: session.powerLevel })}</p>
          </Note>
        </div>
      ) : (
        <>
          <ProblemNote problem={tokens.problem} />
          {tokens.data ? (
            <>
              <TokenForm onCreated={tokens.reload} />
              <TokenList tokens={tokens.data} onChanged={tokens.reload} />
            </>
          ) : tokens.loading ? (
            <p class="muted">{t("loading")}</p>
          ) : null}
        </>
      )}
    </section>
  );
}
