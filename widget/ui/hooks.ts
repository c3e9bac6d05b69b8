import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useDashboard } from "../client/dashboard.ts";
import { asProblem, type Problem } from "../client/problem.ts";
import type { ActionInput, ActionName, ActionPlan, ActionResult } from "../../shared/action-map.ts";

export type Loaded<T> = { data?: T | undefined; problem?: Problem | undefined; loading: boolean; reload(): void };

/**
 * Loads data for a screen; a newer load wins over a slower older one, and the old data stays shown
 * meanwhile. A hidden screen passes `when = false` and loads again once it is shown.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], when = true): Loaded<T> {
  // A hidden screen that has not loaded is not busy (aria-busy would tell screen readers otherwise).
  const [state, setState] = useState<Omit<Loaded<T>, "reload">>({ loading: when });
  const latest = useRef(0);
  const reload = useCallback(() => {
    const n = ++latest.current;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => n === latest.current && setState({ data, loading: false }),
      (err: unknown) => n === latest.current && setState((s) => ({ data: s.data, problem: asProblem(err), loading: false })),
    );
  }, deps);
  useEffect(() => {
    if (when) reload();
  }, [reload, when]);
  return { ...state, reload };
}

/** One key per intended change: a repeated or double-clicked apply reaches the server with the same key and does nothing twice. */
export const newKey = (): string => crypto.randomUUID();

export type ActionStep<P, R> =
  | { phase: "edit" | "planning"; problem?: Problem }
  | { phase: "preview" | "applying"; plan: P; problem?: Problem }
  | { phase: "done"; plan: P | undefined; result: R; problem?: undefined };

/**
 * The plan → preview → apply cycle of one action. `preview` asks the server what would change;
 * `apply` sends exactly the previewed input (with its idempotency key when the action takes one).
 * Input, plan and result types come from the action's name (shared/action-map.ts).
 */
export function useAction<N extends ActionName>(name: N, options: { idempotent?: boolean } = {}) {
  type I = ActionInput<N>;
  type P = ActionPlan<N>;
  type R = ActionResult<N>;
  const { api } = useDashboard();
  const [step, setStep] = useState<ActionStep<P, R>>({ phase: "edit" });
  const input = useRef<object>();
  const busy = useRef(false);

  const preview = useCallback(
    async (value: I) => {
      const body: object = options.idempotent ? { ...(value as object), idempotencyKey: newKey() } : (value as object);
      input.current = body;
      setStep({ phase: "planning" });
      try {
        const { plan } = await api.action(name, "plan", body);
        if (input.current === body) setStep({ phase: "preview", plan });
      } catch (err) {
        if (input.current === body) setStep({ phase: "edit", problem: asProblem(err) });
      }
    },
    [api, name],
  );

  /** Applies the previewed input, or `direct` when the screen confirms by itself (kick, level, delete). */
  const apply = useCallback(
    async (direct?: I): Promise<R | undefined> => {
      const body = direct ?? input.current;
      if (!body || busy.current) return undefined;
      busy.current = true;
      input.current = body;
      setStep((s) => ({ phase: "applying", plan: ("plan" in s ? s.plan : undefined) as P }));
      try {
        const res = await api.action(name, "apply", body);
        setStep({ phase: "done", plan: res.plan, result: res.result as R });
        return res.result as R;
      } catch (err) {
        const problem = asProblem(err);
        setStep((s) => (direct || !("plan" in s) ? { phase: "edit", problem } : { phase: "preview", plan: s.plan as P, problem }));
        return undefined;
      } finally {
        busy.current = false;
      }
    },
    [api, name],
  );

  const reset = useCallback(() => {
    input.current = undefined;
    setStep({ phase: "edit" });
  }, []);

  /** Wraps a form field's setter: changing the input after a preview drops the preview, so apply never sends unseen input. */
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setStep((s) => (s.phase === "preview" ? { phase: "edit" } : s));
    };

  /** The plan on screen: previewed, or being applied. */
  const shownPlan = step.phase === "preview" || step.phase === "applying" ? step.plan : undefined;

  /** A form's submit: the first press previews `build()`, the next applies exactly what was previewed. */
  const submit = (build: () => I) => (e: Event) => {
    e.preventDefault();
    if (shownPlan) void apply();
    else void preview(build());
  };

  return { step, preview, apply, reset, edited, shownPlan, submit };
}

/**
 * For what appears after a press (a preview, a result): scrolls it into view and moves keyboard focus
 * to it, since the pressed button is gone or far away and focus would otherwise fall to the page.
 * `alsoShow` names an element that must be visible too, such as the confirming button under a preview.
 * Give the element tabIndex={-1} and a name (aria-labelledby or aria-label).
 */
export function useArrival<T extends HTMLElement>(alsoShow?: (el: T) => Element | null | undefined) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollIntoView({ block: "start" });
    // Then the confirming button, moving as little as needed: the preview's top stays in view when both fit.
    alsoShow?.(el)?.scrollIntoView({ block: "nearest" });
    el.focus({ preventScroll: true });
  }, []);
  return ref;
}
