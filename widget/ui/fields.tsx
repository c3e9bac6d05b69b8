import type { ComponentChildren, InputHTMLAttributes, TextareaHTMLAttributes } from "preact";
import { useId } from "preact/hooks";

type Common = { label: string; hint?: string | undefined };
type Ids = { id: string; "aria-describedby"?: string };

/** A label, its control and a hint the control points to (aria-describedby), so the control's name is just the label. */
function Field({ label, hint, control }: Common & { control(ids: Ids): ComponentChildren }) {
  const id = useId();
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {control(hint ? { id, "aria-describedby": `${id}-hint` } : { id })}
      {hint ? (
        <span class="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

type TextProps = Common & { value: string; set(value: string): void; rows?: number } & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "label" | "rows">;

export function TextField({ label, hint, value, set, rows, ...rest }: TextProps) {
  const onInput = (e: Event) => set((e.currentTarget as HTMLInputElement).value);
  return (
    <Field
      label={label}
      hint={hint}
      control={(ids) =>
        rows ? (
          <textarea class="input" rows={rows} value={value} onInput={onInput} {...ids} {...(rest as TextareaHTMLAttributes<HTMLTextAreaElement>)} />
        ) : (
          <input class="input" value={value} onInput={onInput} {...ids} {...rest} />
        )
      }
    />
  );
}

/** A select; `groups` add labelled option groups after the plain options (long lists such as the audit's actions). */
export function SelectField<T extends string>({ label, hint, value, set, options, groups = [] }: Common & { value: T; set(value: NoInfer<T>): void; options: Array<[NoInfer<T>, string]>; groups?: Array<{ label: string; options: Array<[NoInfer<T>, string]> }> }) {
  const list = (items: Array<[T, string]>) =>
    items.map(([v, text]) => (
      <option key={v} value={v}>
        {text}
      </option>
    ));
  return (
    <Field
      label={label}
      hint={hint}
      control={(ids) => (
        <select class="input" value={value} onChange={(e) => set(e.currentTarget.value as T)} {...ids}>
          {list(options)}
          {groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {list(g.options)}
            </optgroup>
          ))}
        </select>
      )}
    />
  );
}

export function CheckField({ label, hint, checked, set }: Common & { checked: boolean; set(checked: boolean): void }) {
  const id = useId();
  return (
    <div class="check-field">
      <input type="checkbox" id={id} checked={checked} onChange={(e) => set(e.currentTarget.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <span>
        <label for={id}>{label}</label>
        {hint ? (
          <span class="field-hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
      </span>
    </div>
  );
}

/** Matrix IDs pasted from anywhere: one a line, or separated by spaces, commas or semicolons. */
export function splitIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}
