import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { SessionInfo } from "../../shared/session.ts";
import type { DashboardApi } from "./api.ts";

/** What every signed-in screen needs: the backend client, who is signed in, and a way to open a room in Element. */
export type Dashboard = {
  api: DashboardApi;
  session: SessionInfo;
  /** Undefined when Element did not grant the navigate capability. */
  openRoom: ((roomId: string) => void) | undefined;
};

export const DashboardContext = createContext<Dashboard | undefined>(undefined);

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (!dashboard) throw new Error("useDashboard outside a signed-in dashboard");
  return dashboard;
}
