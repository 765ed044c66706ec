import type { Notification, NotificationPage } from './api/types';

/** Which notifications the centre lists: the unread ones, or all the recent ones. */
export type NotificationFilter = 'unread' | 'all';

export interface NotificationsState {
  filter: NotificationFilter;
  /** Newest first, as the server lists them; undefined until the first page arrives. */
  items?: Notification[];
  unread: number;
}

export type NotificationsAction =
  | { type: 'filtered'; filter: NotificationFilter }
  | { type: 'loaded'; filter: NotificationFilter; page: NotificationPage }
  | { type: 'received'; notification: Notification }
  | { type: 'read'; id: Notification['id']; at: string }
  | { type: 'readAll'; at: string };

export const initialNotifications: NotificationsState = { filter: 'unread', unread: 0 };

/** The notification centre's state: the list shown, and the unread count the bell carries. */
export function notificationsReducer(state: NotificationsState, action: NotificationsAction): NotificationsState {
  switch (action.type) {
    case 'filtered':
      return action.filter === state.filter ? state : { ...state, filter: action.filter, items: undefined };
    case 'loaded':
      // A page for a filter no longer shown arrived late: only its count is news.
      if (action.filter !== state.filter) return { ...state, unread: action.page.unread };
      return { ...state, items: action.page.items, unread: action.page.unread };
    case 'received': {
      const { notification } = action;
      // The stream may repeat what a reload already brought after a reconnect.
      if (state.items?.some((item) => item.id === notification.id)) return state;
      return {
        ...state,
        items: state.items ? [notification, ...state.items] : state.items,
        unread: state.unread + (notification.readAt ? 0 : 1),
      };
    }
    case 'read': {
      const item = state.items?.find((candidate) => candidate.id === action.id);
      // Read ones stay listed (marked read) so the list does not jump under the reader's finger.
      return {
        ...state,
        items: state.items?.map((candidate) => (candidate.id === action.id && !candidate.readAt ? { ...candidate, readAt: action.at } : candidate)),
        unread: item && !item.readAt ? Math.max(0, state.unread - 1) : state.unread,
      };
    }
    case 'readAll':
      return { ...state, items: state.items?.map((item) => (item.readAt ? item : { ...item, readAt: action.at })), unread: 0 };
  }
}

/** Milliseconds before the stream's next reconnection after `failures` failed attempts: 1 s, 2 s, 4 s … up to a minute. */
export function reconnectDelay(failures: number): number {
  return Math.min(60, 2 ** Math.max(0, failures - 1)) * 1000;
}
