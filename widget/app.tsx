import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import type { SessionInfo } from "../shared/session.ts";
import { DashboardApi } from "./api.ts";
import type { WidgetHost } from "./widget-host.ts";
import { asProblem, type Problem } from "./problem.ts";
import { Header } from "./ui/header.tsx";
import { SignInScreen, type SignInState } from "./views/sign-in/sign-in-screen.tsx";
import { HealthPanel } from "./views/health/health-panel.tsx";

export type Connection = { host: WidgetHost; problem?: undefined } | { host?: undefined; problem: Problem };

type AppState = SignInState | { step: "signed-in"; session: SessionInfo; api: DashboardApi; host: WidgetHost };

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
  const { session } = state;
  const openModeratorRoom = state.host.canNavigate() ? () => void state.host.openRoom(session.moderatorRoomId) : undefined;
  return (
    <div class="dashboard">
      <Header session={session} onOpenModeratorRoom={openModeratorRoom} />
      <HealthPanel api={state.api} />
    </div>
  );
}
