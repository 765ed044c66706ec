import type { Notification } from './types';
import { reconnectDelay } from '../notifications';

interface StreamHandlers {
  onNotification: (notification: Notification) => void;
  /** The stream is back after a failure: whatever came meanwhile was missed. */
  onReconnected: () => void;
}

/**
 * Follows `/api/notifications/stream`. EventSource cannot send headers, so the token goes in the
 * query. Its own retry gives up on an HTTP error, so every error closes it and a new one is opened
 * after a growing delay. Returns the function that stops it for good.
 */
export function followNotifications(token: string, handlers: StreamHandlers): () => void {
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  const connect = () => {
    source = new EventSource(`/api/notifications/stream?token=${encodeURIComponent(token)}`);
    source.addEventListener('open', () => {
      if (failures > 0) handlers.onReconnected();
      failures = 0;
    });
    source.addEventListener('notification', (event) => {
      try {
        handlers.onNotification(JSON.parse((event as MessageEvent<string>).data) as Notification);
      } catch {
        // A malformed event carries nothing to show; the next reload lists what is really there.
      }
    });
    source.addEventListener('error', () => {
      source?.close();
      failures += 1;
      retry = setTimeout(connect, reconnectDelay(failures));
    });
  };

  connect();
  return () => {
    clearTimeout(retry);
    source?.close();
  };
}
