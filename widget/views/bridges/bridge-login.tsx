import { useEffect, useState } from "preact/hooks";
import type { BridgeLoginProgress, BridgeLoginStep, BridgeSummary } from "../../../shared/bridges.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { asProblem, type Problem } from "../../client/problem.ts";
import { useAction } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { Badge, Note, ProblemNote } from "../../ui/note.tsx";
import { QrCode } from "./qr-code.tsx";
import { t } from "./messages.ts";


/** The step the bridge asks for: a QR code (or code) to scan while the server waits, or fields to fill in. */
function LoginStepView({ bridge, step, onNext, onProblem }: { bridge: BridgeSummary; step: BridgeLoginStep; onNext(step: BridgeLoginStep): void; onProblem(p: Problem): void }) {
  const { api } = useDashboard();
  const [values, setValues] = useState<Record<string, string>>({});
  const base = `api/bridges/${bridge.network}/login/${encodeURIComponent(step.loginId)}`;
  useEffect(() => {
    if (step.type !== "display_and_wait") return;
    let stopped = false;
    // The server answers "still waiting" before the widget's request times out: ask again until the bridge answers.
    // Bridges renew an unscanned QR code by answering with a new one under the same step ID: show it, and wait again.
    void (async () => {
      try {
        for (;;) {
          const progress = await api.request<BridgeLoginProgress>("POST", `${base}/wait`, { stepId: step.stepId });
          if (stopped) return;
          if (progress.waiting) continue;
          onNext(progress.step);
          if (progress.step.type !== "display_and_wait" || progress.step.stepId !== step.stepId) return;
        }
      } catch (err) {
        if (!stopped) onProblem(asProblem(err));
      }
    })();
    return () => void (stopped = true);
  }, [step.loginId, step.stepId]);

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      onNext((await api.request<{ step: BridgeLoginStep }>("POST", `${base}/input`, { stepId: step.stepId, fields: values })).step);
    } catch (err) {
      onProblem(asProblem(err));
    }
  };

  if (step.type === "user_input") {
    return (
      <form class="stack-tight" data-login-step={step.stepId} onSubmit={submit}>
        {step.instructions ? <p>{step.instructions}</p> : null}
        {step.fields.map((f) => (
          <label key={f.id} class="field">
            <span class="field-label">{f.name}</span>
            <input required value={values[f.id] ?? ""} pattern={f.pattern ?? undefined} type={f.type === "password" ? "password" : "text"} onInput={(e) => setValues({ ...values, [f.id]: e.currentTarget.value })} />
            {f.description ? <span class="field-hint">{f.description}</span> : null}
          </label>
        ))}
        <div class="actions">
          <button type="submit" class="button button-primary button-small">
            {t("loginContinue")}
          </button>
        </div>
      </form>
    );
  }
  if (step.type !== "display_and_wait") return null;
  const { display } = step;
  return (
    <div class="stack-tight" data-login-step={step.stepId}>
      {display.type === "qr" && display.data ? <QrCode data={display.data} label={t("loginQrLabel", { network: bridge.displayName })} /> : null}
      {(display.type === "code" || display.type === "emoji") && display.data ? <p class="login-code" data-login-code>{display.data}</p> : null}
      <p>{step.instructions || t("loginScanHint", { network: bridge.displayName })}</p>
      {display.type === "qr" && step.instructions ? <p class="muted">{t("loginScanHint", { network: bridge.displayName })}</p> : null}
      <p class="muted" aria-live="polite" data-login-waiting>
        {t("loginWaiting")}
      </p>
    </div>
  );
}

/**
 * Whether the dashboard's bot has a login on the bridge, and where it has none, linking its account
 * from here: the bridge's QR code is shown until the phone has scanned it.
 */
export function BridgeLogin({ bridge }: { bridge: BridgeSummary }) {
  const status = useAction("bridges.login");
  const [step, setStep] = useState<BridgeLoginStep>();
  const [problem, setProblem] = useState<Problem>();
  const check = () => void status.preview({ bridge: bridge.network });
  useEffect(check, [bridge.network]);
  const plan = status.shownPlan;

  const start = async () => {
    setProblem(undefined);
    setStep(undefined);
    const started = await status.apply();
    if (started) setStep(started);
    else check();
  };
  const next = (s: BridgeLoginStep) => {
    setStep(s);
    if (s.type === "complete") check();
  };
  const { api } = useDashboard();
  /** Cancel ends the login on the bridge too, so the code on screen stops working. */
  const stop = () => {
    if (step) void api.request("POST", `api/bridges/${bridge.network}/login/${encodeURIComponent(step.loginId)}/cancel`, {}).catch(() => undefined);
    setStep(undefined);
    check();
  };

  if (step?.type === "complete") {
    return (
      <div data-bridge-login="complete">
        <Note tone="success">
          <p>{t("loginDone", { network: bridge.displayName, name: step.loginName ?? step.userLoginId })}</p>
        </Note>
      </div>
    );
  }
  // A failed start keeps its preview; a failed step ends the login: either way, start again.
  const failure = problem ?? (status.step.phase === "preview" ? status.step.problem : undefined);
  if (failure) {
    return (
      <div class="stack-tight" data-bridge-login="failed">
        <ProblemNote problem={failure} />
        <div class="actions">
          <button type="button" class="button button-primary button-small" data-action="bridge-login-again" onClick={start}>
            <Icon name="refresh" size={16} />
            {t("loginAgain")}
          </button>
        </div>
      </div>
    );
  }
  if (step) {
    return (
      <div class="stack-tight" data-bridge-login="step">
        <LoginStepView bridge={bridge} step={step} onNext={next} onProblem={setProblem} />
        <div class="actions">
          <button type="button" class="button button-secondary button-small" data-action="bridge-login-cancel" onClick={stop}>
            {t("cancel")}
          </button>
        </div>
      </div>
    );
  }
  if (status.step.problem) return <ProblemNote problem={status.step.problem} />;
  if (!plan) return status.step.phase === "applying" ? <p class="muted">{t("loginStarting")}</p> : null;
  if (plan.loggedIn) {
    return (
      <div class="badges" data-bridge-login="ok">
        {plan.logins.map((l) => (
          <Badge key={l.id} tone={l.state === "CONNECTED" ? "success" : "warning"} title={l.id}>
            {t("loginLoggedIn", { name: l.name })}
          </Badge>
        ))}
      </div>
    );
  }
  return (
    <div class="stack-tight" data-bridge-login="none">
      <Note tone="warning">
        <p>{t("loginNeeded", { network: bridge.displayName })}</p>
      </Note>
      <div class="actions">
        <button type="button" class="button button-primary button-small" data-action="bridge-login" disabled={status.step.phase === "applying"} onClick={start}>
          <Icon name="link" size={16} />
          {status.step.phase === "applying" ? t("loginStarting") : t("loginLink", { network: bridge.displayName })}
        </button>
      </div>
    </div>
  );
}
