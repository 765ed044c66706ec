import { useState } from 'react';
import { Badge, Button, Drawer } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { text } from '../i18n';
import { useIsPhone } from '../useIsPhone';
import { NotificationList } from './NotificationList';
import { useNotifications } from './NotificationProvider';

/** The header's bell: the unread count, and the notification centre in a drawer. */
export function NotificationBell() {
  const { unread } = useNotifications();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);

  return (
    <>
      <Badge count={unread} overflowCount={99} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined style={{ fontSize: 18 }} />}
          aria-label={unread ? `${text.layout.notifications}${text.punctuation.paren(`${text.notification.unread} ${unread}`)}` : text.layout.notifications}
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer
        placement="right"
        size={isPhone ? '100%' : 420}
        open={open}
        onClose={() => setOpen(false)}
        title={text.notification.title}
        destroyOnHidden
      >
        <NotificationList onOpen={() => setOpen(false)} />
      </Drawer>
    </>
  );
}
