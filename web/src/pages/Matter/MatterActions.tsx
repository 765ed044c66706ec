import { useState, type ReactNode } from 'react';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Popconfirm, Select } from 'antd';
import { ClockCircleOutlined, DeleteOutlined, EditOutlined, PlayCircleOutlined, SoundOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { may } from '../../../../supervision/access';
import { asApiError } from '../../api/client';
import { deleteMatter, requestExtension, startMatter, terminateMatter, urgeUnit } from '../../api/matters';
import type { Matter } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { text } from '../../i18n';
import { matterUnits } from '../../matterData';
import { navigate } from '../../router';
import { useSession } from '../../session';

type Dialog = 'urge' | 'terminate' | 'extension';

/**
 * What the signed-in user may do to a matter now: a supervisor starts, edits or deletes a draft, and
 * edits, urges or terminates a running matter; a responsible unit asks for more time.
 */
export function MatterActions({ matter, onChanged }: { matter: Matter; onChanged: () => void }) {
  const { user, unitName } = useSession();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>();
  const [busy, setBusy] = useState<'start' | 'delete'>();
  const close = () => setDialog(undefined);

  const act = async (action: 'start' | 'delete') => {
    setBusy(action);
    try {
      if (action === 'start') {
        await startMatter(matter.id);
        message.success(text.matter.started);
        onChanged();
      } else {
        await deleteMatter(matter.id);
        message.success(text.matter.deleted);
        navigate('/matters');
      }
    } catch (caught) {
      message.error(asApiError(caught).message);
    } finally {
      setBusy(undefined);
    }
  };

  const buttons: ReactNode[] = [];
  const editButton = (
    <Button key="edit" icon={<EditOutlined />} onClick={() => navigate(`/matters/${encodeURIComponent(matter.id)}/edit`)}>
      {text.matter.edit}
    </Button>
  );
  const manages = may(user.role, 'matters.manage');
  if (manages && matter.status === 'draft') {
    buttons.push(
      <Popconfirm key="start" title={text.matter.startConfirm} onConfirm={() => act('start')}>
        <Button type="primary" icon={<PlayCircleOutlined />} loading={busy === 'start'}>
          {text.matter.start}
        </Button>
      </Popconfirm>,
    );
    if (matter.data) buttons.push(editButton);
    buttons.push(
      <Popconfirm key="delete" title={text.matter.deleteConfirm} okButtonProps={{ danger: true }} onConfirm={() => act('delete')}>
        <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'}>
          {text.matter.delete}
        </Button>
      </Popconfirm>,
    );
  }
  if (manages && matter.status === 'running') {
    if (matter.data) buttons.push(editButton);
    buttons.push(
      <Button key="urge" icon={<SoundOutlined />} onClick={() => setDialog('urge')}>
        {text.matter.urge}
      </Button>,
      <Button key="terminate" danger icon={<StopOutlined />} onClick={() => setDialog('terminate')}>
        {text.matter.terminate}
      </Button>,
    );
  }
  if (may(user.role, 'matters.requestExtension') && matter.status === 'running') {
    buttons.push(
      <Button key="extension" icon={<ClockCircleOutlined />} onClick={() => setDialog('extension')}>
        {text.matter.extension}
      </Button>,
    );
  }
  if (buttons.length === 0) return null;

  const units = matterUnits(matter);

  return (
    <>
      <Flex gap={8} wrap>
        {buttons}
      </Flex>
      <FormModal<{ unitId: string; urgeMessage?: string }>
        open={dialog === 'urge'}
        title={text.matter.urgeTitle}
        onClose={close}
        conflictText={text.matter.urgeNothingWaiting}
        onSubmit={async ({ unitId, urgeMessage }) => {
          // Always sent: a null message lets the flow use its default wording rather than an earlier urge's.
          await urgeUnit(matter.id, unitId, urgeMessage?.trim() || null);
          message.success(text.matter.urged(unitName(unitId)));
          onChanged();
        }}
      >
        <Form.Item name="unitId" label={text.matter.urgeUnit} rules={[{ required: true, message: text.matter.urgeUnitRequired }]}>
          <Select options={units.map((id) => ({ value: id, label: unitName(id) }))} />
        </Form.Item>
        <Form.Item name="urgeMessage" label={text.matter.urgeMessage}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={text.matter.urgeMessagePlaceholder} />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string }>
        open={dialog === 'terminate'}
        title={text.matter.terminateTitle}
        danger
        onClose={close}
        onSubmit={async ({ reason }) => {
          await terminateMatter(matter.id, reason.trim());
          message.success(text.matter.terminated);
          onChanged();
        }}
      >
        <Alert type="warning" showIcon title={text.matter.terminateHint} style={{ marginBottom: 16 }} />
        <Form.Item
          name="reason"
          label={text.matter.terminateReason}
          rules={[{ required: true, whitespace: true, min: 2, message: text.matter.terminateReasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </FormModal>
      <FormModal<{ requestedDeadline: Dayjs; extensionReason: string }>
        open={dialog === 'extension'}
        title={text.matter.extension}
        onClose={close}
        conflictText={text.matter.extensionNothingWaiting}
        onSubmit={async ({ requestedDeadline, extensionReason }) => {
          await requestExtension(matter.id, requestedDeadline.format('YYYY-MM-DD'), extensionReason.trim());
          message.success(text.matter.extensionRequested);
          onChanged();
        }}
      >
        <Form.Item
          name="requestedDeadline"
          label={text.matter.requestedDeadline}
          rules={[{ required: true, message: text.matter.requestedDeadlineRequired }]}
        >
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(date) => date.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="extensionReason"
          label={text.matter.extensionReason}
          rules={[{ required: true, whitespace: true, message: text.matter.extensionReasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </FormModal>
    </>
  );
}
