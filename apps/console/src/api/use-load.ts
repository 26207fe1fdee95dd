import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

interface Result<T> {
  readonly token: string;
  readonly data: T | undefined;
  readonly error: unknown;
}

/**
 * Runs `load` when `key` changes (and on reload). The last answer stays on screen while the next one
 * loads, and an answer for a key that is no longer current is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [round, setRound] = useState(0);
  const token = `${key}#${round}`;
  const [result, setResult] = useState<Result<T>>({ token: '', data: undefined, error: undefined });
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });

  useEffect(() => {
    let current = true;
    loader.current().then(
      (data) => {
        if (current) setResult({ token, data, error: undefined });
      },
      (error: unknown) => {
        if (current) setResult((previous) => ({ token, data: previous.data, error }));
      },
    );
    return () => {
      current = false;
    };
  }, [token]);

  const reload = useCallback(() => setRound((value) => value + 1), []);
  return {
    data: result.data,
    error: result.token === token ? result.error : undefined,
    loading: result.token !== token,
    reload,
  };
}
