import { Badge, Button, Empty, Flex, Segmented, Spin, Tag, Typography } from 'antd';
import type { Notification, NotificationKind } from '../api/types';
import { formatDateTime } from '../format';
import { text } from '../i18n';
import type { NotificationFilter } from '../notifications';
import { navigate } from '../router';
import { useNotifications } from './NotificationProvider';
import { ErrorAlert } from './PageState';

const kindColors: Record<NotificationKind, string> = {
  info: 'default',
  task: 'processing',
  warning: 'warning',
  overdue: 'error',
  urge: 'volcano',
  instruction: 'purple',
};

function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen: (notification: Notification) => void }) {
  const unread = !notification.readAt;
  return (
    <div
      role="button"
      tabIndex={0}
      className={unread ? 'notification-item notification-unread' : 'notification-item'}
      onClick={() => onOpen(notification)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen(notification);
        }
      }}
    >
      <Flex vertical gap={4}>
        <Flex align="center" gap={8}>
          {unread ? <Badge status="processing" aria-label={text.notification.unread} /> : null}
          <Tag color={kindColors[notification.kind]} style={{ marginInlineEnd: 0 }}>
            {text.notification.kind[notification.kind] ?? notification.kind}
          </Tag>
          <Typography.Text strong={unread} ellipsis style={{ flex: 1, minWidth: 0 }}>
            {notification.matterTitle ?? text.notification.kind[notification.kind]}
          </Typography.Text>
        </Flex>
        <Typography.Text className="wrap-anywhere">{notification.message}</Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(notification.createdAt)}</Typography.Text>
      </Flex>
    </div>
  );
}

/** The notification centre's list: unread or all, newest first; opening one marks it read and shows its matter. */
export function NotificationList({ onOpen }: { onOpen?: () => void }) {
  const { filter, items, unread, error, setFilter, reload, markRead, markAllRead } = useNotifications();

  const open = (notification: Notification) => {
    markRead(notification);
    if (!notification.matterId) return;
    onOpen?.();
    navigate(`/matters/${encodeURIComponent(notification.matterId)}`);
  };

  let list;
  if (error) list = <ErrorAlert error={error} onRetry={reload} />;
  else if (!items) list = <Spin style={{ display: 'block', padding: 32 }} />;
  else if (items.length === 0) {
    list = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={filter === 'unread' ? text.notification.emptyUnread : text.notification.empty}
      />
    );
  } else {
    list = (
      <Flex vertical>
        {items.map((notification) => (
          <NotificationItem key={notification.id} notification={notification} onOpen={open} />
        ))}
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8}>
        <Segmented<NotificationFilter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'unread', label: `${text.notification.unread}${unread ? ` ${unread}` : ''}` },
            { value: 'all', label: text.notification.all },
          ]}
        />
        <Button size="small" disabled={unread === 0} onClick={markAllRead}>
          {text.notification.markAllRead}
        </Button>
      </Flex>
      {list}
    </Flex>
  );
}
