import type { BridgePlan } from "../../../shared/bridges.ts";
import { Note } from "../../ui/note.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { t } from "./messages.ts";
import { saidText } from "../../ui/said-words.ts";

/** A bridge action's plan: the steps in order, in words, and what to look out for. */
export function PlanSteps({ name, plan, danger, children }: { name: string; plan: Pick<BridgePlan, "steps" | "warnings">; danger?: boolean; children?: preact.ComponentChildren }) {
  return (
    <PreviewCard name={name} danger={danger}>
      {children}
      <ol class="steps" aria-label={t("steps")}>
        {plan.steps.map((step) => (
          <li key={step.text}>{saidText(step)}</li>
        ))}
      </ol>
      {plan.warnings.map((warning) => (
        <Note key={warning.text} tone="warning">
          <p>{saidText(warning)}</p>
        </Note>
      ))}
    </PreviewCard>
  );
}
