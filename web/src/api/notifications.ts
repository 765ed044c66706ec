/** The caller's notifications; the live stream of new ones is ./notificationStream. */
import { request, requestJson } from './client';
import type { NotificationPage } from './types';

/** The latest notifications, all or only the unread, with the unread count. */
export const listNotifications = (unread: boolean, signal?: AbortSignal) =>
  // The route validates `unread` as a boolean, which a query string spells true or false.
  requestJson<NotificationPage>(`/api/notifications?unread=${unread}`, { signal });

export const markNotificationRead = (id: number) => request(`/api/notifications/${id}/read`, { method: 'POST' });

export const markAllNotificationsRead = () => request('/api/notifications/read-all', { method: 'POST' });
