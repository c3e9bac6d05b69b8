import type { JobSnapshot } from "../../../shared/jobs.ts";
import type { ActionResponse } from "../../../shared/actions.ts";
import type { ActionName, ActionPlan, ActionResult } from "../../../shared/action-map.ts";
import { jobSnapshots } from "../../../shared/job-events.ts";

/** The CLI's HTTP client: the same API automation uses, with an API token. */
export class DashboardClient {
  readonly baseUrl: string;
  private readonly token: string;

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.token = token;
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new Error(`Cannot reach the dashboard at ${this.baseUrl} (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}): is it running? Set DASHBOARD_URL.`);
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const e = json?.error;
      throw new Error(e ? `${e.message}${e.hint ? `\n  hint: ${e.hint}` : ""}` : `HTTP ${res.status}`);
    }
    return json as T;
  }

  /** Plans or applies an action; its plan and result types come from its name (shared/action-map.ts). */
  action<N extends ActionName>(name: N, mode: "plan" | "apply", input: object): Promise<ActionResponse<ActionPlan<N>, ActionResult<N>>> {
    return this.request("POST", `/api/actions/${name}/${mode}`, input);
  }

  /** Follows a job's progress events until it ends, calling `onProgress` for each. */
  async follow(jobId: string, onProgress: (job: any) => void): Promise<any> {
    const res = await fetch(`${this.baseUrl}/api/jobs/${jobId}/events`, { headers: { authorization: `Bearer ${this.token}` } });
    let last: JobSnapshot | undefined;
    for await (const snapshot of jobSnapshots(res.body!)) onProgress((last = snapshot));
    return last;
  }
}
