import { useCallback, useEffect, useState } from 'react';
import { asApiError, requestJson, requestText, type ApiError } from './client';

export interface ApiState<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/** Loads `path` (JSON, or text when `format` is 'text') and reloads it when the path changes; `null` loads nothing. */
export function useApi<T>(path: string | null, format: 'json' | 'text' = 'json'): ApiState<T> {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError }>({ path: null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const load = format === 'text' ? requestText : requestJson<T>;
    load(path, { signal: controller.signal }).then(
      (data) => setState({ path, data: data as T }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ path, error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [path, format, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // Data for an earlier path is not shown while the new one loads.
  const current = state.path === path;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload,
  };
}
