/** The deployed form-js forms (latest version of each), for designers: open one in the editor, or start a new one. */
import { Button, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PageTitle } from '../../components/PageState';
import { ResponsiveList } from '../../components/ResponsiveList';
import { formatDateTime } from '../../format';
import { text } from '../../i18n';
import { Link, navigate } from '../../router';
import { useForms, type Form } from './api';

const t = text.forms;
const formPath = (form: Form) => `/forms/${encodeURIComponent(form.key)}`;

export default function FormsPage() {
  const forms = useForms();

  const columns: TableColumnsType<Form> = [
    { key: 'key', title: t.key, render: (_, form) => <Link to={formPath(form)}>{form.key}</Link> },
    { key: 'name', title: t.name, render: (_, form) => form.name ?? '—' },
    { key: 'version', title: t.version, render: (_, form) => form.version },
    { key: 'deployedBy', title: t.deployedBy, render: (_, form) => form.deployedBy ?? t.shipped },
    { key: 'deployedAt', title: t.deployedAt, render: (_, form) => formatDateTime(form.deployedAt) },
  ];

  return (
    <>
      <PageTitle
        title={t.title}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/forms/new')}>
            {t.newForm}
          </Button>
        }
      />
      <ResponsiveList<Form>
        items={forms.data?.items ?? []}
        loading={forms.loading}
        error={forms.error}
        onRetry={forms.reload}
        rowKey="key"
        columns={columns}
        empty={t.empty}
        onOpen={(form) => navigate(formPath(form))}
        card={(form) => (
          <>
            <Typography.Text strong className="wrap-anywhere">
              {form.name ?? form.key}
            </Typography.Text>
            <Typography.Text type="secondary">
              <code>{form.key}</code> · {t.versionLabel(form.version)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {form.deployedBy ?? t.shipped} · {formatDateTime(form.deployedAt)}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}
