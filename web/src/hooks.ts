// Small data hooks: load once (and on demand), poll while a page is open, announce changes.
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` when deps change; `pollMs` reloads it in the background (no spinner) while the
 * tab is visible, so lists and timelines update without a page reload.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  pollMs?: number | false,
): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const controller = useRef<AbortController | undefined>(undefined);

  const run = useCallback(async (background: boolean) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    if (!background) setLoading(true);
    try {
      const value = await loadRef.current(c.signal);
      if (c.signal.aborted) return;
      setData(value);
      setError(undefined);
    } catch (e) {
      if (c.signal.aborted || (e as Error).name === 'AbortError') return;
      setError(e as Error);
    } finally {
      if (!c.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(
    () => {
      setData(undefined);
      void run(false);
      return () => controller.current?.abort();
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
    deps,
  );

  useEffect(() => {
    if (!pollMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void run(true);
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [pollMs, run]);

  const reload = useCallback(() => run(true), [run]);
  return { data, error, loading, reload };
}

/** How often live pages (lists, timelines, queues, batch progress) refresh in the background. */
export const POLL_MS = 2_500;

/**
 * A form's action: `run` marks it busy, clears the last error and keeps the one it ends with
 * (`onError` then moves focus, say); `attempt` does the same without the busy mark, for row
 * buttons that should not disable the form beside them.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const attempt = useCallback(async (work: () => Promise<void>, onError?: (err: unknown) => void) => {
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(err);
      onError?.(err);
    }
  }, []);
  const run = useCallback(
    async (work: () => Promise<void>, onError?: (err: unknown) => void) => {
      setBusy(true);
      try {
        await attempt(work, onError);
      } finally {
        setBusy(false);
      }
    },
    [attempt],
  );
  return { busy, error, run, attempt };
}

/** A checkbox list's next value: `item` added when checked, removed when not. */
export function toggled<T>(list: readonly T[], item: T, checked: boolean): T[] {
  return checked ? [...list, item] : list.filter((x) => x !== item);
}
