import { useState } from 'react';
import { App, Button, Flex, Form, Modal, Select } from 'antd';
import { SwapOutlined, UserAddOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { may } from '../../../../supervision/access';
import { asApiError, type ApiError } from '../../api/client';
import { claimTask, delegateTask, unclaimTask } from '../../api/tasks';
import type { Task } from '../../api/types';
import { ErrorAlert } from '../../components/PageState';
import { text } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { mayWorkOn } from './taskForms';

/**
 * Who holds an open task: claim it (认领) so only you work on it, give it back to the unit, or
 * hand it to another unit (转交: a supervisor or the task's unit). Calls `onChanged` once the task
 * changed and the user may still see it.
 */
export function TaskAssignment({ task, onChanged }: { task: Task; onChanged: () => void }) {
  const { user, units, unitName } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'claim' | 'unclaim' | 'delegate'>();
  const [delegating, setDelegating] = useState(false);
  const [form] = Form.useForm<{ unitId: string }>();
  const [delegateError, setDelegateError] = useState<ApiError>();

  const canClaim = !task.assignee && mayWorkOn(task, user);
  const canUnclaim = task.assignee === user.username;
  const canDelegate = may(user.role, 'tasks.dispatch') || task.candidateUnits.includes(user.unitId);
  if (!canClaim && !canUnclaim && !canDelegate) return null;

  const change = async (action: 'claim' | 'unclaim') => {
    setBusy(action);
    try {
      await (action === 'claim' ? claimTask(task.id) : unclaimTask(task.id));
      message.success(action === 'claim' ? text.task.claimed : text.task.unclaimed);
      onChanged();
    } catch (caught) {
      message.error(asApiError(caught).message);
    } finally {
      setBusy(undefined);
    }
  };

  const delegate = async ({ unitId }: { unitId: string }) => {
    setBusy('delegate');
    setDelegateError(undefined);
    try {
      await delegateTask(task.id, unitId);
      message.success(text.task.delegated(unitName(unitId)));
      setDelegating(false);
      // A unit that handed the task on can no longer open it; whoever sees every task stays to see where it went.
      if (may(user.role, 'tasks.seeAll')) onChanged();
      else navigate('/inbox');
    } catch (caught) {
      setDelegateError(asApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Flex gap={8} wrap>
      {canClaim ? (
        <Button icon={<UserAddOutlined />} loading={busy === 'claim'} onClick={() => change('claim')}>
          {text.task.claim}
        </Button>
      ) : null}
      {canUnclaim ? (
        <Button icon={<UserDeleteOutlined />} loading={busy === 'unclaim'} onClick={() => change('unclaim')}>
          {text.task.unclaim}
        </Button>
      ) : null}
      {canDelegate ? (
        <Button icon={<SwapOutlined />} onClick={() => setDelegating(true)}>
          {text.task.delegate}
        </Button>
      ) : null}
      <Modal
        open={delegating}
        title={text.task.delegate}
        okText={text.matter.submit}
        cancelText={text.matter.cancel}
        confirmLoading={busy === 'delegate'}
        onOk={() => form.submit()}
        onCancel={() => setDelegating(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={delegate} preserve={false}>
          <Form.Item name="unitId" label={text.task.delegateUnit} rules={[{ required: true, message: text.task.delegateUnitRequired }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={units.filter((unit) => !task.candidateUnits.includes(unit.id)).map((unit) => ({ value: unit.id, label: unit.name }))}
            />
          </Form.Item>
          {delegateError ? <ErrorAlert error={delegateError} /> : null}
        </Form>
      </Modal>
    </Flex>
  );
}
