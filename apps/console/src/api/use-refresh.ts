import { useEffect } from 'react';

/**
 * Lists people keep open all day read the server again when the tab comes back into view and every
 * `everyMs` while it is visible, so a queue never shows yesterday's work.
 */
export function useRefresh(reload: () => void, everyMs = 30_000): void {
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, everyMs);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload, everyMs]);
}
