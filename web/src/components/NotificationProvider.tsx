import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useState, type ReactNode } from 'react';
import { App } from 'antd';
import { asApiError, type ApiError } from '../api/client';
import { followNotifications } from '../api/notificationStream';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../api/notifications';
import { expireSession, getToken } from '../api/session';
import type { Notification } from '../api/types';
import { initialNotifications, notificationsReducer, type NotificationFilter, type NotificationsState } from '../notifications';

interface NotificationCentre extends NotificationsState {
  error?: ApiError;
  setFilter: (filter: NotificationFilter) => void;
  reload: () => void;
  markRead: (notification: Notification) => void;
  markAllRead: () => void;
}

const NotificationContext = createContext<NotificationCentre | null>(null);

/**
 * The signed-in user's notifications: the list the centre shows, the unread count, and the live
 * stream that adds to both. Mounted only while signed in, so signing out closes the stream.
 */
export function NotificationProvider({ children }: { children: ReactNode }) {
  const { message } = App.useApp();
  const [state, dispatch] = useReducer(notificationsReducer, initialNotifications);
  const [error, setError] = useState<ApiError>();
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const { filter } = state;

  useEffect(() => {
    const controller = new AbortController();
    listNotifications(filter === 'unread', controller.signal).then(
      (page) => {
        setError(undefined);
        dispatch({ type: 'loaded', filter, page });
      },
      (caught: unknown) => {
        if (!controller.signal.aborted) setError(asApiError(caught));
      },
    );
    return () => controller.abort();
  }, [filter, generation]);

  useEffect(() => {
    const token = getToken();
    if (!token) return;
    return followNotifications(token, {
      onNotification: (notification) => dispatch({ type: 'received', notification }),
      onReconnected: reload,
      onUnauthorized: expireSession,
    });
  }, [reload]);

  const markRead = useCallback(
    (notification: Notification) => {
      if (notification.readAt) return;
      dispatch({ type: 'read', id: notification.id, at: new Date().toISOString() });
      markNotificationRead(notification.id).catch((caught: unknown) => {
        message.error(asApiError(caught).message);
        reload();
      });
    },
    [message, reload],
  );

  const markAllRead = useCallback(() => {
    dispatch({ type: 'readAll', at: new Date().toISOString() });
    markAllNotificationsRead().catch((caught: unknown) => {
      message.error(asApiError(caught).message);
      reload();
    });
  }, [message, reload]);

  const setFilter = useCallback((next: NotificationFilter) => dispatch({ type: 'filtered', filter: next }), []);

  const centre = useMemo<NotificationCentre>(
    () => ({ ...state, error, setFilter, reload, markRead, markAllRead }),
    [state, error, setFilter, reload, markRead, markAllRead],
  );
  return <NotificationContext.Provider value={centre}>{children}</NotificationContext.Provider>;
}

export function useNotifications(): NotificationCentre {
  const centre = useContext(NotificationContext);
  if (!centre) throw new Error('useNotifications outside the NotificationProvider');
  return centre;
}
