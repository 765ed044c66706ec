import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Drawer, Flex, Layout, Menu, Tag, Typography, theme, type MenuProps } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useClock } from '../api/clock';
import { formatDateTime } from '../format';
import { text } from '../i18n';
import { navigate } from '../router';
import { matchRoute, menuRoutes } from '../routes';
import { useSession } from '../session';
import { useIsPhone } from '../useIsPhone';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';
import { useNotifications } from './NotificationProvider';

/** The menu entry a path belongs to: its page's own, or the one its page is reached from. */
function selectedKey(pathname: string): string {
  const matched = matchRoute(pathname)?.route;
  if (!matched) return '';
  return matched.menu ? matched.path : (matched.section ?? '');
}

/** Who is signed in: name, unit and role, in a row (header) or a column (phone drawer). */
function UserBadge({ vertical }: { vertical: boolean }) {
  const { user } = useSession();
  return (
    <Flex vertical={vertical} gap={vertical ? 4 : 8} align={vertical ? 'flex-start' : 'center'}>
      <Typography.Text strong>{user.displayName}</Typography.Text>
      <Typography.Text type="secondary">{user.unitName}</Typography.Text>
      <Tag color="blue" style={{ marginInlineEnd: 0 }}>
        {text.role[user.role]}
      </Tag>
    </Flex>
  );
}

/** In a drill (演练), says that dates run on business time, and where it stands (as of loading the page). */
function DrillBanner() {
  const { data } = useClock();
  if (!data?.drill) return null;
  return <Alert type="info" showIcon banner title={text.layout.drill(formatDateTime(data.now), (data.drill.dayMs / 1000).toLocaleString('zh-CN'))} />;
}

/** The app frame: a side menu on a desktop, a drawer behind a menu button on a phone. */
export function AppLayout({ pathname, children }: { pathname: string; children: ReactNode }) {
  const { user, logout } = useSession();
  const { unread } = useNotifications();
  const isPhone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  // The notifications entry carries the unread count, like the bell.
  const items: MenuProps['items'] = menuRoutes(user.role).map(({ path, menu }) => ({
    key: path,
    icon: menu.icon,
    label: menu.unreadCount ? (
      <Flex align="center" justify="space-between" gap={8}>
        {menu.label}
        <Badge count={unread} overflowCount={99} size="small" />
      </Flex>
    ) : (
      menu.label
    ),
  }));

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(pathname)]}
      items={items}
      style={{ borderInlineEnd: 'none' }}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
    />
  );
  const logoutButton = (
    <Button icon={<LogoutOutlined />} onClick={logout}>
      {text.layout.logout}
    </Button>
  );
  const header = { background: token.colorBgContainer, borderBottom: `1px solid ${token.colorBorderSecondary}` };

  const phoneHeader = (
    <Flex align="center" justify="space-between" style={{ height: '100%' }}>
      <Flex align="center" gap={4}>
        <Button type="text" icon={<MenuOutlined />} aria-label={text.layout.menu} onClick={() => setDrawerOpen(true)} />
        <Typography.Text strong>{text.app.title}</Typography.Text>
      </Flex>
      <Flex align="center" gap={4} style={{ minWidth: 0 }}>
        <NotificationBell />
        <Typography.Text ellipsis style={{ maxWidth: 140, paddingInlineEnd: 8 }}>
          {user.displayName}
        </Typography.Text>
      </Flex>
    </Flex>
  );
  const deskHeader = (
    <Flex align="center" justify="flex-end" gap={16} style={{ height: '100%' }}>
      <NotificationBell />
      <UserBadge vertical={false} />
      <LanguageSwitch />
      {logoutButton}
    </Flex>
  );

  // One tree for both layouts, the page at the same place in it: turning a phone sideways past the
  // breakpoint swaps the frame around the page without remounting it (and losing a half-filled form).
  return (
    <Layout hasSider={!isPhone} style={{ minHeight: '100vh' }}>
      {isPhone ? null : (
        <Layout.Sider width={200} theme="light" style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}>
          <Typography.Title level={5} style={{ margin: 0, padding: '20px 24px' }}>
            {text.app.title}
          </Typography.Title>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={isPhone ? { ...header, paddingInline: 8, position: 'sticky', top: 0, zIndex: 10 } : { ...header, paddingInline: 24 }}
        >
          {isPhone ? phoneHeader : deskHeader}
        </Layout.Header>
        {isPhone ? (
          <Drawer
            placement="left"
            size={240}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={text.app.title}
            styles={{ body: { padding: 0 } }}
          >
            <div style={{ padding: 16 }}>
              <UserBadge vertical />
            </div>
            {menu}
            <Flex vertical gap={12} align="flex-start" style={{ padding: 16 }}>
              <LanguageSwitch />
              {logoutButton}
            </Flex>
          </Drawer>
        ) : null}
        <DrillBanner />
        <Layout.Content style={{ padding: isPhone ? 12 : 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
