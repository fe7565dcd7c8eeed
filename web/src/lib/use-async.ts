/**
 * Loads data for a page: `{ data, error, loading, reload }`. A reload keeps showing the previous
 * data until the new answer arrives (live refreshes do not flicker), and an answer that arrives
 * after a newer request started is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /**
   * Changes the data shown until the next load answers (a live event applied ahead of a refetch).
   * A load in flight is dropped, so call `reload` after.
   */
  mutate: (change: (data: T) => T) => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => { if (mine === generation.current) setState({ data, error: undefined, loading: false }); },
      (error: unknown) => { if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false })); },
    );
  }, []);
  useEffect(() => {
    setState({ data: undefined, error: undefined, loading: true });
    reload();
    // `deps` are the caller's: a change of them means other data.
  }, deps);
  const mutate = useCallback((change: (data: T) => T) => {
    // An answer already on its way predates the change: drop it (the caller reloads after mutating).
    generation.current++;
    setState((s) => (s.data === undefined ? s : { ...s, data: change(s.data) }));
  }, []);
  return { ...state, reload, mutate };
}
