import { useState, type ReactNode } from 'react';
import { Button, Drawer, Flex, Layout, Menu, Tag, Typography, theme, type MenuProps } from 'antd';
import { ApartmentOutlined, InboxOutlined, LogoutOutlined, MenuOutlined, ProfileOutlined } from '@ant-design/icons';
import { text } from '../i18n/zh-CN';
import { navigate } from '../router';
import { useSession } from '../session';
import { useIsPhone } from '../useIsPhone';

const sections = [
  { key: '/inbox', icon: <InboxOutlined />, label: text.nav.inbox },
  { key: '/matters', icon: <ProfileOutlined />, label: text.nav.matters },
  { key: '/process-definitions', icon: <ApartmentOutlined />, label: text.nav.processDefinitions },
] satisfies MenuProps['items'];

/** The menu entry a path belongs to; a task is reached from the inbox. */
function selectedKey(pathname: string): string {
  if (pathname.startsWith('/tasks/')) return '/inbox';
  return sections.find((section) => pathname.startsWith(section.key))?.key ?? '';
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

/** The app frame: a side menu on a desktop, a drawer behind a menu button on a phone. */
export function AppLayout({ pathname, children }: { pathname: string; children: ReactNode }) {
  const { user, logout } = useSession();
  const isPhone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(pathname)]}
      items={sections}
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

  if (isPhone) {
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ ...header, paddingInline: 8, position: 'sticky', top: 0, zIndex: 10 }}>
          <Flex align="center" justify="space-between" style={{ height: '100%' }}>
            <Flex align="center" gap={4}>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={text.layout.menu}
                onClick={() => setDrawerOpen(true)}
              />
              <Typography.Text strong>{text.app.title}</Typography.Text>
            </Flex>
            <Typography.Text ellipsis style={{ maxWidth: 160, paddingInlineEnd: 8 }}>
              {user.displayName}
            </Typography.Text>
          </Flex>
        </Layout.Header>
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
          <div style={{ padding: 16 }}>{logoutButton}</div>
        </Drawer>
        <Layout.Content style={{ padding: 12 }}>{children}</Layout.Content>
      </Layout>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}>
        <Typography.Title level={5} style={{ margin: 0, padding: '20px 24px' }}>
          {text.app.title}
        </Typography.Title>
        {menu}
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ ...header, paddingInline: 24 }}>
          <Flex align="center" justify="flex-end" gap={16} style={{ height: '100%' }}>
            <UserBadge vertical={false} />
            {logoutButton}
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
