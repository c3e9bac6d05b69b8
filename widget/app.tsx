import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import type { SessionInfo } from "../shared/session.ts";
import { DashboardApi } from "./client/api.ts";
import type { WidgetHost } from "./widget-host.ts";
import { asProblem, type Problem } from "./client/problem.ts";
import { DashboardContext, type Dashboard } from "./client/dashboard.ts";
import { Header } from "./ui/header.tsx";
import { t } from "./ui/messages.ts";
import { TabPanel, Tabs } from "./ui/tabs.tsx";
import { lazy } from "./ui/lazy.tsx";
import { SignInScreen, type SignInState } from "./views/sign-in/sign-in-screen.tsx";

// Each tab's screen is a chunk of its own (see esbuild.config.ts): the shell loads none of them.
const RoomsScreen = lazy(() => import("./views/rooms/rooms-screen.tsx").then((m) => m.RoomsScreen));
const ModerationScreen = lazy(() => import("./views/moderation/moderation-screen.tsx").then((m) => m.ModerationScreen));
const AuditScreen = lazy(() => import("./views/audit/audit-screen.tsx").then((m) => m.AuditScreen));
const AutomationScreen = lazy(() => import("./views/automation/automation-screen.tsx").then((m) => m.AutomationScreen));
const HealthPanel = lazy(() => import("./views/health/health-panel.tsx").then((m) => m.HealthPanel));
const SyncScreen = lazy(() => import("./views/sync/sync-screen.tsx").then((m) => m.SyncScreen));

export type Connection = { host: WidgetHost; problem?: undefined } | { host?: undefined; problem: Problem };

type AppState = SignInState | { step: "signed-in"; session: SessionInfo; api: DashboardApi; host: WidgetHost };
type TabId = "rooms" | "moderation" | "sync" | "audit" | "automation" | "health";

/** Waits for Element, signs the moderator in, then shows the dashboard; every stop has its own screen. */
export function App({ connection }: { connection: Connection }) {
  const { host } = connection;
  const [state, setState] = useState<AppState>(
    connection.problem ? { step: "stopped", problem: connection.problem } : { step: "connecting" },
  );
  const api = useMemo(() => (host ? new DashboardApi(() => host.openIdToken()) : undefined), [host]);

  const signIn = useCallback(async () => {
    if (!host || !api) return;
    setState({ step: "signing-in" });
    // The first tab's code arrives while Element and the server check who this is.
    RoomsScreen.preload().catch(() => {});
    try {
      setState({ step: "signed-in", session: await api.signIn(), api, host });
    } catch (err) {
      setState({ step: "stopped", problem: asProblem(err) });
    }
  }, [host, api]);

  useEffect(() => {
    host?.ready.then(signIn, (err: unknown) => setState({ step: "stopped", problem: asProblem(err) }));
  }, [host, signIn]);

  if (state.step !== "signed-in") return <SignInScreen state={state} onRetry={signIn} />;
  return <SignedIn api={state.api} host={state.host} session={state.session} />;
}

/** The dashboard itself: one tab a feature. A tab stays mounted once opened, so running jobs keep their progress. */
function SignedIn({ api, host, session }: { api: DashboardApi; host: WidgetHost; session: SessionInfo }) {
  const [tab, setTab] = useState<TabId>("rooms");
  const admin = session.powerLevel >= session.adminPowerLevel;
  const [opened, setOpened] = useState<TabId[]>(["rooms"]);
  const dashboard = useMemo<Dashboard>(
    () => ({ api, session, openRoom: host.canNavigate() ? (roomId) => void host.openRoom(roomId) : undefined }),
    [api, host, session],
  );
  const select = (id: TabId) => {
    setTab(id);
    if (!opened.includes(id)) setOpened([...opened, id]);
  };
  const panel = (id: TabId, content: preact.ComponentChildren) =>
    opened.includes(id) ? (
      <TabPanel idPrefix="main" id={id} hidden={tab !== id}>
        {content}
      </TabPanel>
    ) : null;
  return (
    <DashboardContext.Provider value={dashboard}>
      <div class="dashboard">
        <Header session={session} onOpenModeratorRoom={dashboard.openRoom && (() => dashboard.openRoom!(session.moderatorRoomId))} />
        <nav class="main-nav" aria-label={t("mainNav")}>
          <Tabs
            label={t("mainNav")}
            idPrefix="main"
            current={tab}
            onSelect={select}
            items={[
              { id: "rooms", label: t("tabRooms") },
              { id: "moderation", label: t("tabModeration") },
              { id: "sync", label: t("tabSync") },
              { id: "audit", label: t("tabAudit") },
              // API tokens are for community admins only: a moderator below that level has nothing to do there.
              ...(admin ? [{ id: "automation" as const, label: t("tabAutomation") }] : []),
              { id: "health", label: t("tabHealth") },
            ]}
          />
        </nav>
        <main class="dashboard-main">
          {panel("rooms", <RoomsScreen />)}
          {panel("moderation", <ModerationScreen />)}
          {panel("sync", <SyncScreen />)}
          {panel("audit", <AuditScreen active={tab === "audit"} />)}
          {admin ? panel("automation", <AutomationScreen active={tab === "automation"} />) : null}
          {panel("health", <HealthPanel api={api} />)}
        </main>
      </div>
    </DashboardContext.Provider>
  );
}
