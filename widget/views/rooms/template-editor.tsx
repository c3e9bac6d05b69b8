import { useEffect, useState } from "preact/hooks";
import { formatDateTime } from "../../ui/format.ts";
import type { Template, TemplateInput } from "../../../shared/templates.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { Problem } from "../../client/problem.ts";
import { CheckField, SelectField, TextField } from "../../ui/fields.tsx";
import { useAction, useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { historyName, presetName, visibilityName } from "../../ui/template-words.ts";
import { joinRuleName } from "../../ui/words.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";

type Versions = Template & { versions: Array<{ version: number; updatedBy: string; updatedAt: string; body: TemplateInput }> };

const blank: TemplateInput = { name: "", description: "", roomName: "", topic: "", preset: "private_chat", joinRule: "invite", encrypted: false, aliasPattern: "", addModerators: true };
const presets = ["private_chat", "public_chat", "trusted_private_chat"] as const;
const joinRules = ["invite", "public", "knock", "restricted"] as const;
const histories = ["shared", "invited", "joined", "world_readable"] as const;

/**
 * One template as a form for the common fields, with the whole JSON for the rest. Saving names the
 * version it was edited from, so a colleague's save in between shows as a conflict, not a loss.
 */
export function TemplateEditor(props: { id: string | undefined; onClose(): void }) {
  const { api, session } = useDashboard();
  const { onClose } = props;
  const admin = session.powerLevel >= session.adminPowerLevel;
  // A new template, once saved, is edited like any other (its next save names the version).
  const [id, setId] = useState(props.id);
  const loaded = useLoad(() => (id ? api.request<Versions>("GET", `api/templates/${id}`) : Promise.resolve(undefined)), [api, id]);
  const [newId, setNewId] = useState("");
  const [body, setBody] = useState<TemplateInput>(blank);
  const [json, setJson] = useState<string>();
  const [jsonProblem, setJsonProblem] = useState<Problem>();
  const [deleting, setDeleting] = useState(false);
  const save = useAction("templates.save");
  const remove = useAction("templates.delete");
  const current = loaded.data;
  useEffect(() => current && setBody(current.body), [current]);

  const set = <K extends keyof TemplateInput>(key: K) => (value: TemplateInput[K]) => setBody({ ...body, [key]: value });
  /** The JSON view is the source while it is open; leaving it needs valid JSON. */
  const readJson = (): TemplateInput | undefined => {
    if (json === undefined) return body;
    try {
      return JSON.parse(json) as TemplateInput;
    } catch (err) {
      setJsonProblem(new Problem("failed", t("jsonInvalid", { error: (err as Error).message })));
      return undefined;
    }
  };
  const toggleJson = () => {
    const parsed = readJson();
    if (!parsed) return;
    setJsonProblem(undefined);
    setBody(parsed);
    setJson(json === undefined ? JSON.stringify(parsed, null, 2) : undefined);
  };
  const submit = async (expectedVersion: number | undefined) => {
    const parsed = readJson();
    if (!parsed) return;
    const saved = await save.apply({ id: id ?? newId.trim(), body: parsed, ...(expectedVersion ? { expectedVersion } : {}) });
    if (!saved) return;
    setJson(undefined);
    if (id) loaded.reload();
    else setId(saved.id);
  };
  const overwrite = async () => {
    const latest = await api.request<Template>("GET", `api/templates/${id}`);
    await submit(latest.version);
  };
  const conflict = save.step.problem?.code === "conflict";
  // Said before the attempt, as the server would refuse it: moderators use templates, admins change them.
  const locked = !admin
    ? t("templateAdminOnly", { level: session.adminPowerLevel, yours: session.powerLevel })
    : id && current?.builtin
      ? t("templateBuiltinLocked")
      : undefined;
  const copy = () => {
    save.reset();
    setJson(undefined);
    setNewId(`${id}-copy`);
    setBody({ ...body, name: t("templateCopyName", { name: body.name }) });
    setId(undefined);
  };

  return (
    <section class="stack" data-view="template-editor">
      <div class="view-head">
        <button type="button" class="icon-button" onClick={onClose} aria-label={t("back")} title={t("back")}>
          <Icon name="back" size={22} />
        </button>
        <h2>{id ? body.name || id : t("templateNew")}</h2>
      </div>
      <ProblemNote problem={loaded.problem} />
      {locked ? (
        <div data-locked="template-edit">
          <Note tone="info">{locked}</Note>
        </div>
      ) : null}
      <form class="stack" onSubmit={(e) => (e.preventDefault(), void submit(current?.version))}>
        {id ? <p class="muted">{current ? t("templateAt", { id, version: current.version, by: current.updatedBy }) : t("loading")}</p> : <TextField label={t("templateId")} hint={t("templateIdHint")} value={newId} set={setNewId} required pattern="[a-z0-9][a-z0-9-]*" />}
        {json === undefined ? (
          <>
            <TextField label={t("templateName")} value={body.name} set={set("name")} required />
            <TextField label={t("templateDescription")} rows={2} value={body.description ?? ""} set={set("description")} />
            <TextField label={t("templateRoomName")} value={body.roomName ?? ""} set={set("roomName")} />
            <TextField label={t("roomTopic")} value={body.topic ?? ""} set={set("topic")} />
            <TextField label={t("templateAlias")} hint={t("templateAliasHint")} value={body.aliasPattern ?? ""} set={set("aliasPattern")} />
            <div class="grid-2">
              <SelectField label={t("templatePreset")} value={body.preset ?? "private_chat"} set={set("preset")} options={presets.map((p) => [p, presetName(p)])} />
              <SelectField label={t("joinRule")} value={body.joinRule ?? "invite"} set={set("joinRule")} options={joinRules.map((j) => [j, joinRuleName(j)])} />
              <SelectField label={t("templateVisibility")} value={body.visibility ?? "private"} set={set("visibility")} options={[["private", visibilityName("private")], ["public", visibilityName("public")]]} />
              <SelectField label={t("templateHistory")} value={body.historyVisibility ?? "shared"} set={set("historyVisibility")} options={histories.map((h) => [h, historyName(h)])} />
            </div>
            <CheckField label={t("roomEncrypted")} checked={body.encrypted ?? false} set={set("encrypted")} />
            <CheckField label={t("templateAddModerators")} checked={body.addModerators ?? true} set={set("addModerators")} />
            <CheckField label={t("templateGuests")} checked={body.guestAccess ?? false} set={set("guestAccess")} />
            <CheckField label={t("templateFederate")} checked={body.federate ?? true} set={set("federate")} />
            <CheckField label={t("templateIsSpace")} checked={body.isSpace ?? false} set={set("isSpace")} />
          </>
        ) : (
          <TextField label={t("templateJson")} hint={t("templateJsonHint")} rows={16} class="input mono" value={json} set={setJson} spellcheck={false} />
        )}
        <ProblemNote problem={jsonProblem ?? save.step.problem ?? remove.step.problem} />
        {conflict ? (
          <div class="actions">
            <button type="button" class="button button-secondary button-small" onClick={() => (save.reset(), setJson(undefined), loaded.reload())}>
              {t("conflictLoadTheirs")}
            </button>
            <button type="button" class="button button-secondary button-small" data-action="overwrite" onClick={overwrite}>
              {t("conflictKeepMine")}
            </button>
          </div>
        ) : null}
        {save.step.phase === "done" ? <Note tone="success">{t("templateSaved", { version: save.step.result.version })}</Note> : null}
        <div class="actions">
          <button type="submit" class="button button-primary" data-action="save-template" disabled={Boolean(locked) || save.step.phase === "applying"}>
            {t("save")}
          </button>
          {admin && id && current ? (
            <button type="button" class="button button-secondary" data-action="copy-template" onClick={copy}>
              {t("templateCopy")}
            </button>
          ) : null}
          <button type="button" class="button button-secondary" onClick={toggleJson} aria-pressed={json !== undefined}>
            {json === undefined ? t("templateShowJson") : t("templateShowForm")}
          </button>
          {admin && id && current && !current.builtin ? (
            // Element's widget frame allows no modal dialogs, so the confirmation is a second click.
            <button
              type="button"
              class="button button-danger"
              onClick={() => (deleting ? void remove.apply({ id }).then((r) => r !== undefined && onClose()) : setDeleting(true))}
            >
              {deleting ? t("templateDeleteConfirm") : t("delete")}
            </button>
          ) : null}
        </div>
      </form>
      {current?.versions.length ? (
        <details class="history">
          <summary>{t("templateHistoryTitle", { count: current.versions.length })}</summary>
          <ul class="rows">
            {current.versions.map((v) => (
              <li key={v.version} class="row row-plain">
                <span class="row-text">
                  <span class="row-title">{t("version", { version: v.version })}</span>
                  <span class="row-sub">{`${v.updatedBy} · ${formatDateTime(v.updatedAt)}`}</span>
                </span>
                <button type="button" class="link-button" onClick={() => (setJson(undefined), setBody(v.body))}>
                  {t("templateUseVersion")}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
