import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Popconfirm, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { asApiError } from '../../api/client';
import { addMachineClient, revokeMachineClient, useMachineClients } from '../../api/machineClients';
import type { MachineClient } from '../../api/types';
import { CompactTable } from '../../components/CompactTable';
import { FormModal } from '../../components/FormModal';
import { ErrorAlert } from '../../components/PageState';
import { text } from '../../i18n';

const t = text.machineClients;

interface ClientForm {
  id: string;
  description?: string;
  scopes: string[];
}

/**
 * Machine clients (接口客户端) for the administrator: the job workers and systems that call the
 * Camunda-compatible API at /v2, each with a secret shown once and scopes saying what it may do.
 */
export function MachineClientsTab() {
  const { message } = App.useApp();
  const clients = useMachineClients();
  const [adding, setAdding] = useState(false);
  const [issued, setIssued] = useState<{ id: string; secret: string }>();

  const revoke = async (id: string) => {
    try {
      await revokeMachineClient(id);
      message.success(t.revoked);
    } catch (caught) {
      message.error(asApiError(caught).message);
    }
    clients.reload();
  };

  const columns: TableColumnsType<MachineClient> = [
    { key: 'id', title: t.id, render: (_, c) => <code>{c.id}</code> },
    { key: 'description', title: t.description, render: (_, c) => c.description },
    { key: 'scopes', title: t.scopes, render: (_, c) => c.scopes.map((s) => <Tag key={s}>{s}</Tag>) },
    { key: 'createdBy', title: t.createdBy, render: (_, c) => c.createdBy },
    { key: 'status', title: t.status, render: (_, c) => (c.revokedAt ? <Tag>{t.revokedTag}</Tag> : <Tag color="success">{t.active}</Tag>) },
    {
      key: 'actions',
      title: '',
      render: (_, c) =>
        !c.revokedAt && (
          <Popconfirm title={t.revokeConfirm} onConfirm={() => void revoke(c.id)}>
            <Button size="small" danger icon={<StopOutlined />}>
              {t.revoke}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  if (clients.error) return <ErrorAlert error={clients.error} onRetry={clients.reload} />;
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t.hint}</Typography.Text>
      {issued && (
        <Alert
          type="success"
          closable
          onClose={() => setIssued(undefined)}
          message={t.issued(issued.id)}
          description={<Typography.Text copyable code>{issued.secret}</Typography.Text>}
        />
      )}
      <div>
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t.add}
        </Button>
      </div>
      <CompactTable<MachineClient> rowKey="id" columns={columns} dataSource={clients.data?.items} loading={clients.loading} emptyText={t.empty} />
      <FormModal<ClientForm>
        open={adding}
        title={t.add}
        onClose={() => setAdding(false)}
        fieldOf={(path) => (path ? [path.replace(/^\//, '').split('/')[0]] : null)}
        onSubmit={async (values) => {
          const created = await addMachineClient({ id: values.id.trim(), description: values.description?.trim(), scopes: values.scopes });
          setIssued({ id: created.id, secret: created.secret });
          clients.reload();
        }}
      >
        <Form.Item name="id" label={t.id} rules={[{ required: true, pattern: /^[A-Za-z0-9_.@-]{1,100}$/, message: t.idRule }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t.description}>
          <Input />
        </Form.Item>
        <Form.Item name="scopes" label={t.scopes} rules={[{ required: true, message: t.scopesRule }]} extra={t.scopesHint}>
          <Select
            mode="tags"
            options={['jobs:*', 'processes:start', 'messages:publish', 'signals:broadcast'].map((value) => ({ value, label: value }))}
          />
        </Form.Item>
      </FormModal>
    </Flex>
  );
}
