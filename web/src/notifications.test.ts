import { describe, expect, it } from 'vitest';
import type { Notification } from './api/types';
import { initialNotifications, notificationsReducer, reconnectDelay, type NotificationsState } from './notifications';

const notification = (id: number, readAt?: string): Notification => ({
  id,
  matterId: 'm1',
  matterTitle: '城区新建公共停车位',
  elementId: 'Handling',
  kind: 'urge',
  message: '督查室催办，请尽快办理',
  createdAt: '2026-11-23T02:00:00.000Z',
  readAt,
});

const loaded: NotificationsState = { filter: 'unread', items: [notification(2), notification(1)], unread: 5 };

describe('notificationsReducer', () => {
  it('shows a loaded page and takes its unread count', () => {
    expect(notificationsReducer(initialNotifications, { type: 'loaded', filter: 'unread', page: { items: [notification(1)], unread: 1 } })).toEqual({
      filter: 'unread',
      items: [notification(1)],
      unread: 1,
    });
  });

  it('keeps only the count of a page for a filter no longer shown', () => {
    const state = notificationsReducer(loaded, { type: 'loaded', filter: 'all', page: { items: [], unread: 7 } });
    expect(state).toEqual({ ...loaded, unread: 7 });
  });

  it('drops the list when the filter changes, until its page arrives', () => {
    expect(notificationsReducer(loaded, { type: 'filtered', filter: 'all' })).toEqual({ filter: 'all', items: undefined, unread: 5 });
    expect(notificationsReducer(loaded, { type: 'filtered', filter: 'unread' })).toBe(loaded);
  });

  it('puts a received notification first and counts it, once', () => {
    const state = notificationsReducer(loaded, { type: 'received', notification: notification(3) });
    expect(state.items?.map((item) => item.id)).toEqual([3, 2, 1]);
    expect(state.unread).toBe(6);
    expect(notificationsReducer(state, { type: 'received', notification: notification(3) })).toBe(state);
  });

  it('counts a notification received before the list loaded', () => {
    expect(notificationsReducer(initialNotifications, { type: 'received', notification: notification(3) })).toEqual({
      ...initialNotifications,
      unread: 1,
    });
  });

  it('marks one read, counting it down once', () => {
    const at = '2026-11-23T03:00:00.000Z';
    const state = notificationsReducer(loaded, { type: 'read', id: 1, at });
    expect(state.items?.[1].readAt).toBe(at);
    expect(state.unread).toBe(4);
    expect(notificationsReducer(state, { type: 'read', id: 1, at }).unread).toBe(4);
  });

  it('marks all read', () => {
    const at = '2026-11-23T03:00:00.000Z';
    const state = notificationsReducer({ ...loaded, items: [notification(2), notification(1, '2026-11-20T00:00:00.000Z')] }, { type: 'readAll', at });
    expect(state.unread).toBe(0);
    expect(state.items?.map((item) => item.readAt)).toEqual([at, '2026-11-20T00:00:00.000Z']);
  });
});

describe('reconnectDelay', () => {
  it('doubles from a second up to a minute', () => {
    expect([0, 1, 2, 3, 6, 7, 20].map(reconnectDelay)).toEqual([1000, 1000, 2000, 4000, 32_000, 60_000, 60_000]);
  });
});
