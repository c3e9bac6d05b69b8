import { useState } from "preact/hooks";
import type { Template } from "../../../shared/templates.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { asProblem, type Problem } from "../../client/problem.ts";
import { useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { templateDescription, templateName } from "../../ui/template-words.ts";
import { Badge, Note, ProblemNote } from "../../ui/note.tsx";
import { saveFile } from "../../ui/save-file.ts";
import { TemplateEditor } from "./template-editor.tsx";
import { TemplateImport } from "./template-import.tsx";

/** Room templates: the list, editing one (a new version per save), export and import. */
export function Templates() {
  const { api, session } = useDashboard();
  const admin = session.powerLevel >= session.adminPowerLevel;
  const templates = useLoad(() => api.request<Template[]>("GET", "api/templates"), [api]);
  const [open, setOpen] = useState<{ edit: string } | { import: true } | undefined>();
  const [problem, setProblem] = useState<Problem>();
  const close = () => {
    setOpen(undefined);
    templates.reload();
  };
  if (open && "edit" in open) return <TemplateEditor id={open.edit || undefined} onClose={close} />;
  if (open) return <TemplateImport onClose={close} />;

  const exportAll = () =>
    api.download("api/templates/export").then(
      (blob) => saveFile(blob, "room-templates.json"),
      (err: unknown) => setProblem(asProblem(err)),
    );
  return (
    <section class="stack" data-view="templates">
      {admin ? null : (
        <div data-locked="templates">
          <Note tone="info">{t("templateAdminOnly", { level: session.adminPowerLevel, yours: session.powerLevel })}</Note>
        </div>
      )}
      <div class="actions">
        {admin ? (
          <>
            <button type="button" class="button button-primary button-small" onClick={() => setOpen({ edit: "" })}>
              <Icon name="plus" size={16} />
              {t("templateNew")}
            </button>
            <button type="button" class="button button-secondary button-small" data-action="import-templates" onClick={() => setOpen({ import: true })}>
              <Icon name="upload" size={16} />
              {t("templateImport")}
            </button>
          </>
        ) : null}
        <button type="button" class="button button-secondary button-small" data-action="export-templates" onClick={exportAll}>
          <Icon name="download" size={16} />
          {t("templateExport")}
        </button>
      </div>
      <ProblemNote problem={problem ?? templates.problem} />
      <ul class="rows">
        {(templates.data ?? []).map((tpl) => (
          <li key={tpl.id} class="row" data-template={tpl.id}>
            <button type="button" class="row-main" onClick={() => setOpen({ edit: tpl.id })} title={[templateName(tpl), templateDescription(tpl), tpl.id].filter(Boolean).join("\n")}>
              <span class="row-text">
                <span class="row-title">{templateName(tpl)}</span>
                <span class="row-sub">{templateDescription(tpl) ?? tpl.id}</span>
              </span>
              <Badge>{t("version", { version: tpl.version })}</Badge>
              {tpl.builtin ? <Badge tone="info">{t("builtin")}</Badge> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
