import { fetchEventSource } from '@microsoft/fetch-event-source';
import type { Notification } from './types';
import { reconnectDelay } from '../notifications';

interface StreamHandlers {
  onNotification: (notification: Notification) => void;
  /** The stream is back after a failure: whatever came meanwhile was missed. */
  onReconnected: () => void;
  /** The server no longer accepts the session (logged out, deactivated): stop for good. */
  onUnauthorized?: () => void;
}

/**
 * Follows `/api/notifications/stream` with the token in the Authorization header, never in the URL
 * (fetch-event-source reads Server-Sent Events over fetch, which EventSource cannot give headers).
 * After a failure it opens a new one after a growing delay. Returns the function that stops it for good.
 */
export function followNotifications(token: string, handlers: StreamHandlers): () => void {
  const controller = new AbortController();
  let failures = 0;

  void fetchEventSource('/api/notifications/stream', {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
    // A hidden tab still wants its bell to ring when it comes back.
    openWhenHidden: true,
    async onopen(response) {
      if (response.status === 401) {
        handlers.onUnauthorized?.();
        throw new Error('session ended');
      }
      if (!response.ok) throw new Error(`stream answered ${response.status}`);
      if (failures > 0) handlers.onReconnected();
      failures = 0;
    },
    onmessage(event) {
      if (event.event !== 'notification') return;
      try {
        handlers.onNotification(JSON.parse(event.data) as Notification);
      } catch {
        // A malformed event carries nothing to show; the next reload lists what is really there.
      }
    },
    onclose() {
      // The server closed a healthy stream (a restart): reconnect like after an error.
      throw new Error('stream closed');
    },
    onerror(err: unknown) {
      if (err instanceof Error && err.message === 'session ended') throw err;
      failures += 1;
      return reconnectDelay(failures);
    },
  }).catch(() => {
    // Stopped for good: aborted, or the session ended.
  });

  return () => controller.abort();
}
