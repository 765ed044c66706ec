import { Card } from 'antd';
import { NotificationList } from '../../components/NotificationList';
import { PageTitle } from '../../components/PageState';
import { text } from '../../i18n';

/** The notification centre as a page, reached from the menu. */
export default function NotificationsPage() {
  return (
    <>
      <PageTitle title={text.notification.title} />
      <Card size="small" style={{ maxWidth: 720 }}>
        <NotificationList />
      </Card>
    </>
  );
}
