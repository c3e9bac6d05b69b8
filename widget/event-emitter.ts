type Listener = (...args: any[]) => void;

/**
 * The part of Node's EventEmitter that matrix-widget-api uses (on, once, off, emit), standing in
 * for the `events` package in the widget bundle (esbuild alias): the same behaviour for ~6 KB less.
 */
export class EventEmitter {
  private readonly listeners = new Map<string | symbol, Listener[]>();

  on(event: string | symbol, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string | symbol, listener: Listener): this {
    const wrapper = (...args: unknown[]) => {
      this.off(event, wrapper);
      listener.apply(this, args);
    };
    return this.on(event, wrapper);
  }

  off(event: string | symbol, listener: Listener): this {
    const list = this.listeners.get(event) ?? [];
    const at = list.lastIndexOf(listener);
    if (at !== -1) this.listeners.set(event, list.filter((_, i) => i !== at));
    return this;
  }

  removeListener(event: string | symbol, listener: Listener): this {
    return this.off(event, listener);
  }

  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }

  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.listeners.get(event);
    if (!list?.length) return false;
    for (const listener of list) listener.apply(this, args);
    return true;
  }

  listenerCount(event: string | symbol): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export default EventEmitter;
