import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t } from "./messages.ts";
import { Note } from "./note.tsx";
import { saidWordsLoaded } from "./said-words.ts";

export type LazyComponent<P> = ComponentType<P> & { preload(): Promise<unknown> };

/**
 * A screen whose code is a chunk of its own, fetched the first time it is shown (or `preload`ed).
 * Meanwhile a light loading line appears (after a moment, so a quick load does not flicker); a
 * chunk that cannot be fetched (offline, or the dashboard was updated and its name changed) says
 * so and offers a reload. A screen shows once the words for what the server says are there too
 * (ui/said-words.ts: they load beside the first screen rather than with the shell).
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let component: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (pending ??= Promise.all([load(), saidWordsLoaded()]).then(
      ([loaded]) => (component = loaded),
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    ));
  function Lazy(props: P) {
    const [, setLoaded] = useState(false);
    const [failed, setFailed] = useState(false);
    // Always through the promise: a load that finishes between this render and the effect would
    // otherwise leave the loading line up for good.
    useEffect(() => {
      preload().then(() => setLoaded(true), () => setFailed(true));
    }, []);
    if (component) {
      const Loaded = component;
      return <Loaded {...props} />;
    }
    if (failed) {
      return (
        <Note tone="critical">
          <p>{t("chunkFailed")}</p>
          <div class="actions">
            <button type="button" class="button button-secondary button-small" onClick={() => location.reload()}>
              {t("reload")}
            </button>
          </div>
        </Note>
      );
    }
    return (
      <p class="lazy-loading muted" role="status" data-loading-view>
        <span class="spinner spinner-small" aria-hidden="true" />
        {t("loading")}
      </p>
    );
  }
  return Object.assign(Lazy, { preload });
}
