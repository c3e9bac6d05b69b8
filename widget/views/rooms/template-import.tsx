import { useState } from "preact/hooks";
import type { TemplateBundle } from "../../../shared/templates.ts";
import { Problem } from "../../client/problem.ts";
import { TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { Summary } from "../../ui/summary.tsx";

/** Import templates another community exported: paste or upload the JSON, see what it creates or updates, import. */
export function TemplateImport({ onClose }: { onClose(): void }) {
  const [text, setText] = useState("");
  const [parseProblem, setParseProblem] = useState<Problem>();
  const importing = useAction("templates.import");
  const { step } = importing;
  const edit = (value: string) => {
    setText(value);
    importing.reset();
  };
  const preview = () => {
    try {
      setParseProblem(undefined);
      void importing.preview({ bundle: JSON.parse(text) as TemplateBundle });
    } catch (err) {
      setParseProblem(new Problem("failed", t("jsonInvalid", { error: (err as Error).message })));
    }
  };
  const plan = importing.shownPlan;
  return (
    <section class="stack" data-view="template-import">
      <div class="view-head">
        <button type="button" class="icon-button" onClick={onClose} aria-label={t("back")} title={t("back")}>
          <Icon name="back" size={22} />
        </button>
        <h2>{t("templateImport")}</h2>
      </div>
      {step.phase === "done" ? (
        <>
          <Note tone="success">{t("importDone", { list: step.result.map((r) => `${r.id} (${t("version", { version: r.version })})`).join(", ") })}</Note>
          <div class="actions">
            <button type="button" class="button button-primary" onClick={onClose}>
              {t("done")}
            </button>
          </div>
        </>
      ) : (
        <form class="stack" onSubmit={(e) => (e.preventDefault(), plan ? void importing.apply() : preview())}>
          <TextField label={t("importPaste")} rows={8} class="input mono" value={text} set={edit} spellcheck={false} placeholder='{"format": "matrix-community-dashboard/templates@1", …}' />
          <label class="field">
            <span class="field-label">{t("importFile")}</span>
            <input type="file" accept="application/json,.json" onChange={(e) => void e.currentTarget.files?.[0]?.text().then(edit)} />
          </label>
          <ProblemNote problem={parseProblem ?? step.problem} />
          {plan ? (
            <Summary rows={plan.map((p) => ({ id: p.id, label: p.id, value: p.action === "create" ? t("importCreates") : p.action === "unchanged" ? t("importUnchanged") : t("importUpdates") }))} />
          ) : null}
          <div class="actions">
            <button type="submit" class="button button-primary" disabled={!text.trim() || step.phase === "planning" || step.phase === "applying"}>
              {plan ? t("importConfirm", { count: plan.length }) : t("preview")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
