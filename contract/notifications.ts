/** The notification centre, its live channel, and the organisation's outgoing webhook. */
import { type Static, Type } from 'typebox';
import { Body, Errors, FileAnswer, Instant, IntId, NoQuery, Query, routes } from './common';

export const Notification = Type.Object({
  id: Type.Integer(),
  /** Absent for a notice about no particular matter. */
  matterId: Type.Optional(Type.String()),
  matterTitle: Type.Optional(Type.String()),
  elementId: Type.Optional(Type.String()),
  /** info, task, warning, overdue, urge or instruction, or whatever kind a flow's notify task names. */
  kind: Type.String(),
  message: Type.String(),
  createdAt: Instant,
  /** When the caller read it; absent while unread. */
  readAt: Type.Optional(Instant),
});

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  /** How many of the caller's notifications are unread, whatever the list holds. */
  unread: Type.Integer(),
});

/** The webhook, with the secret its deliveries are signed with; `url` is null when there is none. */
export const Webhook = Type.Object({ url: Type.Union([Type.String(), Type.Null()]), active: Type.Boolean(), secret: Type.Optional(Type.String()) });

export const NotificationRoutes = routes('notifications', {
  /** The caller's: their unit's, their own, and those of the matters they follow; newest first. */
  list: {
    querystring: Query({ unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
    response: { 200: NotificationPage, ...Errors },
  },
  read: { params: Type.Object({ id: IntId }), response: { 200: Type.Object({ read: Type.Boolean() }), ...Errors } },
  /** Marks every unread one read; the answer says how many. */
  readAll: { response: { 200: Type.Object({ read: Type.Integer() }), ...Errors } },
  /**
   * Server-Sent Events, authenticated by the Authorization header: each new notification the user
   * may see arrives as a `notification` event whose data is a Notification.
   */
  stream: { response: { 200: FileAnswer('text/event-stream', 'a stream of `notification` events'), ...Errors } },
  webhook: { querystring: NoQuery, response: { 200: Webhook, ...Errors } },
  /** Sets the webhook (http or https) with a new secret. */
  setWebhook: {
    body: Body({ url: Type.String({ minLength: 1, maxLength: 2000 }), active: Type.Optional(Type.Boolean()) }),
    response: { 200: Type.Object({ url: Type.String(), active: Type.Boolean(), secret: Type.String() }), ...Errors },
  },
});

export type Notification = Static<typeof Notification>;
export type NotificationPage = Static<typeof NotificationPage>;
export type Webhook = Static<typeof Webhook>;
