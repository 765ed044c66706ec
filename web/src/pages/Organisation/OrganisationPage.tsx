import { useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Popconfirm, Select, Switch, Tabs, Tag, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES, may } from '../../../../supervision/access';
import { asApiError } from '../../api/client';
import {
  addUnit,
  addUser,
  changeUnit,
  changeUser,
  downloadOrganisationTemplate,
  importOrganisation,
  removeUnit,
  setLeaderUnits,
  useLeaders,
  useUnitTree,
  useUsers,
} from '../../api/organisation';
import { UNIT_KINDS, type LeaderInCharge, type Role, type UnitKind, type UnitNode, type UserRecord } from '../../api/types';
import { CompactTable } from '../../components/CompactTable';
import { DownloadButton } from '../../components/DownloadButton';
import { FormModal } from '../../components/FormModal';
import { ErrorAlert, PageTitle } from '../../components/PageState';
import { WorkbookImport } from '../../components/WorkbookImport';
import { text } from '../../i18n';
import { useSession } from '../../session';
import { MachineClientsTab } from './MachineClientsTab';
import { WorkCalendarTab } from './WorkCalendarTab';

const t = text.organisation;

/** antd's tree table reads `children`; a unit without sub-units shows no expander. */
type UnitRow = Omit<UnitNode, 'children'> & { children?: UnitRow[] };
const toRow = ({ children, ...unit }: UnitNode): UnitRow => (children.length > 0 ? { ...unit, children: children.map(toRow) } : unit);

interface UnitForm {
  id: string;
  name: string;
  parentId?: string;
  kind: UnitKind;
  sort?: number;
}

interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  password?: string;
  active?: boolean;
}

/** The organisation, for the administrator: the unit tree, the users and the leaders in charge, by hand or from Excel. */
export default function OrganisationPage() {
  const { user, units } = useSession();
  const { message } = App.useApp();
  const tree = useUnitTree();
  const users = useUsers();
  const leaders = useLeaders();
  const [unitDialog, setUnitDialog] = useState<{ unit?: UnitRow }>();
  const [userDialog, setUserDialog] = useState<{ user?: UserRecord }>();
  const [leaderDialog, setLeaderDialog] = useState<LeaderInCharge>();

  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name }));
  const unitName = (id: string) => units.find((unit) => unit.id === id)?.name ?? id;
  const saved = (reload: () => void) => {
    message.success(t.saved);
    reload();
  };

  const unitColumns: TableColumnsType<UnitRow> = [
    { key: 'name', title: t.unitName, render: (_, unit) => unit.name },
    { key: 'id', title: t.unitId, render: (_, unit) => <code>{unit.id}</code> },
    { key: 'kind', title: t.kind, render: (_, unit) => t.kinds[unit.kind as UnitKind] ?? unit.kind },
    { key: 'sort', title: t.sort, align: 'right', render: (_, unit) => unit.sort },
    {
      key: 'actions',
      render: (_, unit) => (
        <Flex gap={4}>
          <Button size="small" icon={<EditOutlined />} aria-label={t.editUnit} onClick={() => setUnitDialog({ unit })} />
          <Popconfirm
            title={t.deleteUnitConfirm}
            onConfirm={async () => {
              try {
                await removeUnit(unit.id);
                message.success(t.deleted);
                tree.reload();
              } catch (caught) {
                const error = asApiError(caught);
                message.error(error.body?.message ?? error.message);
              }
            }}
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t.deleteUnit} />
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  const userColumns: TableColumnsType<UserRecord> = [
    { key: 'username', title: t.username, render: (_, row) => row.username },
    { key: 'displayName', title: t.displayName, render: (_, row) => row.displayName },
    { key: 'role', title: t.role, render: (_, row) => text.role[row.role] },
    { key: 'unit', title: t.unit, render: (_, row) => row.unitName },
    { key: 'active', title: t.active, render: (_, row) => (row.active ? <Tag color="success">{t.active}</Tag> : <Tag>{t.inactive}</Tag>) },
    {
      key: 'actions',
      render: (_, row) => <Button size="small" icon={<EditOutlined />} aria-label={t.editUser} onClick={() => setUserDialog({ user: row })} />,
    },
  ];

  const leaderColumns: TableColumnsType<LeaderInCharge> = [
    { key: 'name', title: t.displayName, render: (_, leader) => leader.displayName },
    { key: 'units', title: t.leaderUnits, render: (_, leader) => <span className="wrap-anywhere">{leader.unitIds.map(unitName).join(text.punctuation.list) || '—'}</span> },
    {
      key: 'actions',
      render: (_, leader) => <Button size="small" icon={<EditOutlined />} aria-label={t.editLeader} onClick={() => setLeaderDialog(leader)} />,
    },
  ];

  const editingUnit = unitDialog?.unit;
  const editingUser = userDialog?.user;

  return (
    <>
      <PageTitle title={t.title} />
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <DownloadButton download={downloadOrganisationTemplate}>
          {text.excel.template}
        </DownloadButton>
        <WorkbookImport
          title={t.importTitle}
          hint={t.importHint}
          onImport={async (file) => {
            const result = await importOrganisation(file);
            tree.reload();
            users.reload();
            leaders.reload();
            return t.imported(result);
          }}
        />
      </Flex>
      <Tabs
        items={[
          {
            key: 'units',
            label: t.units,
            children: tree.error ? (
              <ErrorAlert error={tree.error} onRetry={tree.reload} />
            ) : (
              <Flex vertical gap={8}>
                <div>
                  <Button icon={<PlusOutlined />} onClick={() => setUnitDialog({})}>
                    {t.addUnit}
                  </Button>
                </div>
                <CompactTable<UnitRow>
                  key={tree.data ? 'loaded' : 'loading'}
                  rowKey="id"
                  columns={unitColumns}
                  dataSource={tree.data?.items.map(toRow)}
                  loading={tree.loading}
                  expandable={{ defaultExpandAllRows: true }}
                  emptyText={text.app.empty}
                />
              </Flex>
            ),
          },
          {
            key: 'users',
            label: t.users,
            children: users.error ? (
              <ErrorAlert error={users.error} onRetry={users.reload} />
            ) : (
              <Flex vertical gap={8}>
                <div>
                  <Button icon={<PlusOutlined />} onClick={() => setUserDialog({})}>
                    {t.addUser}
                  </Button>
                </div>
                <CompactTable<UserRecord>
                  rowKey="id"
                  columns={userColumns}
                  dataSource={users.data?.items}
                  loading={users.loading}
                  pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
                />
              </Flex>
            ),
          },
          ...(may(user.role, 'settings.manage') ? [{ key: 'calendar', label: text.workCalendar.tab, children: <WorkCalendarTab /> }] : []),
          ...(may(user.role, 'clients.manage') ? [{ key: 'clients', label: text.machineClients.tab, children: <MachineClientsTab /> }] : []),
          {
            key: 'leaders',
            label: t.leaders,
            children: leaders.error ? (
              <ErrorAlert error={leaders.error} onRetry={leaders.reload} />
            ) : (
              <CompactTable<LeaderInCharge>
                rowKey="username"
                columns={leaderColumns}
                dataSource={leaders.data?.items}
                loading={leaders.loading}
              />
            ),
          },
        ]}
      />
      <FormModal<UnitForm>
        open={unitDialog !== undefined}
        title={editingUnit ? t.editUnit : t.addUnit}
        onClose={() => setUnitDialog(undefined)}
        onSubmit={async ({ id, name, parentId, kind, sort }) => {
          const body = { name: name.trim(), parentId: parentId ?? null, kind, sort: sort ?? undefined };
          if (editingUnit) await changeUnit(editingUnit.id, body);
          else await addUnit(id, body);
          saved(tree.reload);
        }}
      >
        <Form.Item name="id" label={t.unitId} initialValue={editingUnit?.id} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/ }]}>
          <Input disabled={editingUnit !== undefined} />
        </Form.Item>
        <Form.Item name="name" label={t.unitName} initialValue={editingUnit?.name} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="parentId" label={t.parent} initialValue={editingUnit?.parentId}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions.filter((option) => option.value !== editingUnit?.id)} />
        </Form.Item>
        <Form.Item name="kind" label={t.kind} initialValue={editingUnit?.kind ?? 'department'} rules={[{ required: true }]}>
          <Select options={UNIT_KINDS.map((kind) => ({ value: kind, label: t.kinds[kind] }))} />
        </Form.Item>
        <Form.Item name="sort" label={t.sort} initialValue={editingUnit?.sort}>
          <InputNumber style={{ width: '100%' }} precision={0} />
        </Form.Item>
      </FormModal>
      <FormModal<UserForm>
        open={userDialog !== undefined}
        title={editingUser ? t.editUser : t.addUser}
        onClose={() => setUserDialog(undefined)}
        onSubmit={async ({ username, displayName, role, unitId, password, active }) => {
          if (editingUser) {
            await changeUser(editingUser.id, { displayName: displayName.trim(), role, unitId, active, password: password || undefined });
          } else {
            // The form requires a password for a new user.
            await addUser({ username, displayName: displayName.trim(), role, unitId, password: password! });
          }
          saved(users.reload);
        }}
      >
        <Form.Item name="username" label={t.username} initialValue={editingUser?.username} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/ }]}>
          <Input disabled={editingUser !== undefined} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t.displayName} initialValue={editingUser?.displayName} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="role" label={t.role} initialValue={editingUser?.role} rules={[{ required: true }]}>
          <Select options={ROLES.map((role) => ({ value: role, label: text.role[role] }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t.unit} initialValue={editingUser?.unitId} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
        <Form.Item
          name="password"
          label={editingUser ? t.newPassword : t.password}
          extra={t.passwordRule}
          rules={[{ required: !editingUser, min: 8 }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {editingUser ? (
          <Form.Item name="active" label={t.active} valuePropName="checked" initialValue={editingUser.active}>
            <Switch />
          </Form.Item>
        ) : null}
      </FormModal>
      <FormModal<{ unitIds: string[] }>
        open={leaderDialog !== undefined}
        title={`${t.editLeader} · ${leaderDialog?.displayName ?? ''}`}
        onClose={() => setLeaderDialog(undefined)}
        onSubmit={async ({ unitIds }) => {
          if (!leaderDialog) return;
          await setLeaderUnits(leaderDialog.username, unitIds ?? []);
          saved(leaders.reload);
        }}
      >
        <Form.Item name="unitIds" label={t.leaderUnits} initialValue={leaderDialog?.unitIds}>
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
      </FormModal>
    </>
  );
}
