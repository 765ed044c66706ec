import { useState } from 'react';
import { App, Button } from 'antd';
import { StarFilled, StarOutlined } from '@ant-design/icons';
import { asApiError, request } from '../../api/client';
import type { Follow, Items } from '../../api/types';
import { useApi } from '../../api/useApi';
import { text } from '../../i18n/zh-CN';

/** Follows (关注) or stops following the matter; whether the caller follows it comes from their follow list. */
export function FollowButton({ matterId }: { matterId: string }) {
  const { message } = App.useApp();
  const follows = useApi<Items<Follow>>('/api/follows');
  const [busy, setBusy] = useState(false);
  if (!follows.data) return null;
  const following = follows.data.items.some((follow) => follow.id === matterId);

  const toggle = async () => {
    setBusy(true);
    try {
      await request(`/api/matters/${encodeURIComponent(matterId)}/follow`, { method: following ? 'DELETE' : 'PUT' });
      message.success(following ? text.follow.unfollowed : text.follow.followed);
      follows.reload();
    } catch (caught) {
      message.error(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={following ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />} loading={busy} onClick={toggle}>
      {following ? text.follow.unfollow : text.follow.follow}
    </Button>
  );
}
