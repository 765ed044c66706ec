import { useState } from 'react';
import { App, Button, DatePicker, Empty, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { request } from '../api/client';
import type { Items, Matter, PlanItem, PlanKind } from '../api/types';
import { useApi } from '../api/useApi';
import { formatDate, formatDateTime } from '../format';
import { text } from '../i18n/zh-CN';
import { matterUnits } from '../matterData';
import { isUnitUser, supervises, useSession } from '../session';
import { FormModal } from './FormModal';
import { ErrorAlert } from './PageState';

const plans: readonly PlanKind[] = ['year', 'month', 'week'];

interface NewPlanItem {
  unitId: string;
  plan: PlanKind;
  title: string;
  dueDate: Dayjs;
  quantity?: number;
}

/** The matter's annual, monthly and weekly plan items: supervisors add them, each unit completes its own. */
export function MatterPlans({ matter }: { matter: Matter }) {
  const { user, unitName } = useSession();
  const { message } = App.useApp();
  const items = useApi<Items<PlanItem>>(`/api/matters/${encodeURIComponent(matter.id)}/plans`);
  const [adding, setAdding] = useState(false);
  const [completing, setCompleting] = useState<PlanItem>();

  const quantified = (item: PlanItem) => item.quantity !== undefined;
  const columns: TableColumnsType<PlanItem> = [
    { key: 'plan', title: text.plan.kindLabel, render: (_, item) => text.plan.kind[item.plan] },
    { key: 'unit', title: text.plan.unit, render: (_, item) => unitName(item.unitId) },
    { key: 'title', title: text.plan.item, render: (_, item) => <span className="wrap-anywhere">{item.title}</span> },
    { key: 'dueDate', title: text.plan.dueDate, render: (_, item) => formatDate(item.dueDate) },
    {
      key: 'quantity',
      title: `${text.plan.achieved} / ${text.plan.quantity}`,
      align: 'right',
      render: (_, item) => (quantified(item) ? `${item.achieved ?? '—'} / ${item.quantity}` : '—'),
    },
    {
      key: 'state',
      title: text.plan.evidence,
      render: (_, item) =>
        item.completedAt ? (
          <Flex vertical gap={2}>
            <span>
              <Tag color="success">{text.plan.done}</Tag>
              <Typography.Text type="secondary">{formatDateTime(item.completedAt)}</Typography.Text>
            </span>
            <span className="wrap-anywhere">{item.evidence}</span>
          </Flex>
        ) : (
          <Tag>{text.plan.pending}</Tag>
        ),
    },
    {
      key: 'action',
      render: (_, item) =>
        // A unit's people complete their own unit's items.
        !item.completedAt && isUnitUser(user) && item.unitId === user.unitId ? (
          <Button size="small" icon={<CheckOutlined />} onClick={() => setCompleting(item)}>
            {text.plan.complete}
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={8}>
      {supervises(user) ? (
        <div>
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {text.plan.add}
          </Button>
        </div>
      ) : null}
      {items.error ? (
        <ErrorAlert error={items.error} onRetry={items.reload} />
      ) : (
        <Table<PlanItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items.data?.items}
          loading={items.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.plan.empty} /> }}
        />
      )}
      <FormModal<NewPlanItem>
        open={adding}
        title={text.plan.add}
        onClose={() => setAdding(false)}
        onSubmit={async ({ unitId, plan, title, dueDate, quantity }) => {
          await request(`/api/matters/${encodeURIComponent(matter.id)}/plans`, {
            method: 'POST',
            body: { unitId, plan, title: title.trim(), dueDate: dueDate.format('YYYY-MM-DD'), quantity: quantity ?? undefined },
          });
          message.success(text.plan.added);
          items.reload();
        }}
      >
        <Form.Item name="unitId" label={text.plan.unit} rules={[{ required: true, message: text.plan.required }]}>
          <Select options={matterUnits(matter).map((id) => ({ value: id, label: unitName(id) }))} />
        </Form.Item>
        <Form.Item name="plan" label={text.plan.title} initialValue="month" rules={[{ required: true, message: text.plan.required }]}>
          <Select options={plans.map((plan) => ({ value: plan, label: text.plan.kind[plan] }))} />
        </Form.Item>
        <Form.Item name="title" label={text.plan.item} rules={[{ required: true, whitespace: true, message: text.plan.required }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="dueDate" label={text.plan.dueDate} rules={[{ required: true, message: text.plan.required }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="quantity" label={matter.data?.target ? `${text.plan.quantity}（${matter.data.target.measure}）` : text.plan.quantity}>
          <InputNumber style={{ width: '100%' }} min={0} />
        </Form.Item>
      </FormModal>
      <FormModal<{ evidence: string; achieved?: number }>
        open={completing !== undefined}
        title={text.plan.completeTitle}
        onClose={() => setCompleting(undefined)}
        onSubmit={async ({ evidence, achieved }) => {
          if (!completing) return;
          await request(`/api/plans/${encodeURIComponent(completing.id)}/complete`, {
            method: 'POST',
            body: { evidence: evidence.trim(), achieved: achieved ?? undefined },
          });
          message.success(text.plan.completed);
          items.reload();
        }}
      >
        <Typography.Paragraph className="wrap-anywhere">{completing?.title}</Typography.Paragraph>
        <Form.Item name="evidence" label={text.plan.evidence} rules={[{ required: true, whitespace: true, message: text.plan.required }]}>
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
        {completing && quantified(completing) ? (
          <Form.Item name="achieved" label={text.plan.achieved}>
            <InputNumber style={{ width: '100%' }} min={0} />
          </Form.Item>
        ) : null}
      </FormModal>
    </Flex>
  );
}
