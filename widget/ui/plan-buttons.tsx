import type { ActionStep } from "./hooks.ts";
import { t } from "./messages.ts";

/**
 * The buttons under a form that previews first: "Preview" until the server answered, then the
 * confirming button (it names what will happen) and "Edit". Both submit through the form.
 */
export function PlanButtons(props: { step: ActionStep<unknown, unknown>; apply: string; danger?: boolean; disabled?: boolean; onEdit(): void }) {
  const { step } = props;
  if (step.phase !== "preview" && step.phase !== "applying") {
    return (
      <div class="actions">
        <button type="submit" class="button button-primary" data-action="preview" disabled={props.disabled || step.phase === "planning"}>
          {step.phase === "planning" ? t("previewing") : t("preview")}
        </button>
      </div>
    );
  }
  return (
    <div class="actions">
      <button type="submit" class={`button ${props.danger ? "button-danger" : "button-primary"}`} data-action="apply" disabled={props.disabled || step.phase === "applying"}>
        {props.apply}
      </button>
      <button type="button" class="button button-secondary" onClick={props.onEdit}>
        {t("edit")}
      </button>
    </div>
  );
}
