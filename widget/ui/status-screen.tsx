import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "./icons.tsx";
import { RichText } from "./rich-text.tsx";

export type Tone = "neutral" | "info" | "warning" | "critical";

/**
 * A whole-widget message: what is going on, why, and the one thing to do next.
 * `screen` names it for tests and for anyone reading the DOM.
 */
export function StatusScreen(props: {
  screen: string;
  tone: Tone;
  icon?: IconName;
  busy?: boolean;
  title: string;
  children?: ComponentChildren;
  hint?: string | undefined;
  action?: { label: string; onClick(): void } | undefined;
}) {
  return (
    <main class="screen" data-screen={props.screen} aria-busy={props.busy ? "true" : undefined}>
      <div class={`screen-icon tone-${props.tone}`}>
        {props.busy ? <span class="spinner" role="progressbar" /> : props.icon ? <Icon name={props.icon} size={28} /> : null}
      </div>
      <h1 class="screen-title">{props.title}</h1>
      {props.children ? <div class="screen-body">{props.children}</div> : null}
      {props.hint ? (
        <p class="screen-hint">
          <RichText text={props.hint} />
        </p>
      ) : null}
      {props.action ? (
        <button type="button" class="button button-primary" onClick={props.action.onClick}>
          {props.action.label}
        </button>
      ) : null}
    </main>
  );
}
