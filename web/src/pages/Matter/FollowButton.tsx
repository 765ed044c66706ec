import { useState } from 'react';
import { App, Button } from 'antd';
import { StarFilled, StarOutlined } from '@ant-design/icons';
import { asApiError } from '../../api/client';
import { follow, unfollow, useFollows } from '../../api/follows';
import { text } from '../../i18n';

/** Follows (关注) or stops following the matter; whether the caller follows it comes from their follow list. */
export function FollowButton({ matterId }: { matterId: string }) {
  const { message } = App.useApp();
  const follows = useFollows();
  const [busy, setBusy] = useState(false);
  if (!follows.data) return null;
  const following = follows.data.items.some((followed) => followed.id === matterId);

  const toggle = async () => {
    setBusy(true);
    try {
      await (following ? unfollow(matterId) : follow(matterId));
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
