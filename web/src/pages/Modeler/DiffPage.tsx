/**
 * Two versions of a deployed process side by side (`/modeler/:key/diff?from=1&to=2`): the older on
 * the left with removed elements marked, the newer on the right with added ones, changed and moved
 * elements on both; the list of changes below, a click on one shows it on both diagrams.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, List, Select, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { asApiError } from '../../api/client';
import { PageTitle } from '../../components/PageState';
import { formatDateTime } from '../../format';
import { text } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { fetchDiagram } from './api';
import { type ChangeKind, type DiagramChange, diffDiagrams } from './diff';
import { DiffViewer } from './DiffViewer';
import { diffPath } from './VersionPicker';
import { type ProcessVersion, fetchVersions } from './versionsApi';
import './DiffPage.css';

const t = text.modelerVersions;

const KIND_COLOUR: Record<ChangeKind, string> = { added: 'green', removed: 'red', changed: 'orange', layoutChanged: 'blue' };

const positive = (value: string | null) => (value && /^\d+$/.test(value) ? Number(value) : undefined);

export default function DiffPage({ params }: { params: Record<string, string> }) {
  const key = params.key;
  const location = useLocation();
  const from = positive(location.searchParams.get('from'));
  const to = positive(location.searchParams.get('to'));
  const [versions, setVersions] = useState<ProcessVersion[]>();
  const [xml, setXml] = useState<{ from: string; to: string }>();
  const [changes, setChanges] = useState<DiagramChange[]>();
  const [error, setError] = useState<string>();
  const [focus, setFocus] = useState<{ id: string }>();

  useEffect(() => {
    let stale = false;
    fetchVersions(key).then(
      (found) => !stale && setVersions(found),
      (caught: unknown) => !stale && setError(asApiError(caught).message),
    );
    return () => {
      stale = true;
    };
  }, [key]);

  useEffect(() => {
    let stale = false;
    setChanges(undefined);
    setXml(undefined);
    setFocus(undefined);
    if (from === undefined || to === undefined) return;
    Promise.all([fetchDiagram(key, from), fetchDiagram(key, to)])
      .then(async ([before, after]) => {
        const found = await diffDiagrams(before, after);
        if (stale) return;
        setError(undefined);
        setXml({ from: before, to: after });
        setChanges(found);
      })
      .catch((caught: unknown) => {
        if (!stale) setError(`${t.diffFailed}：${asApiError(caught).message}`);
      });
    return () => {
      stale = true;
    };
  }, [key, from, to]);

  const before = useMemo(() => (changes ?? []).filter((change) => change.kind !== 'added'), [changes]);
  const after = useMemo(() => (changes ?? []).filter((change) => change.kind !== 'removed'), [changes]);

  const versionOptions = (versions ?? []).map((version) => ({
    value: version.version,
    label: t.versionOption(version.version, version.deployedBy ?? t.unknownDeployer, formatDateTime(version.deployedAt)),
  }));
  const label = (version?: number) => (version === undefined ? '—' : text.processDefinition.versionLabel(version));

  return (
    <>
      <PageTitle
        title={`${t.diffTitle} · ${key} · ${label(from)} → ${label(to)}`}
        back={`/modeler/${encodeURIComponent(key)}${to ? `?version=${to}` : ''}`}
        extra={
          to ? (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/modeler/${encodeURIComponent(key)}?version=${to}`)}>
              {t.openVersion(to)}
            </Button>
          ) : undefined
        }
      />
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select style={{ minWidth: 280 }} aria-label={t.from} placeholder={t.from} value={from} options={versionOptions} onChange={(chosen: number) => navigate(diffPath(key, chosen, to ?? chosen))} />
        <span>→</span>
        <Select style={{ minWidth: 280 }} aria-label={t.to} placeholder={t.to} value={to} options={versionOptions} onChange={(chosen: number) => navigate(diffPath(key, from ?? chosen, chosen))} />
        <Flex gap={4} wrap>
          {(['added', 'removed', 'changed', 'layoutChanged'] as const).map((kind) => (
            <Tag key={kind} color={KIND_COLOUR[kind]}>
              {t.kind[kind]}
            </Tag>
          ))}
        </Flex>
      </Flex>
      {from === undefined || to === undefined ? <Alert type="info" showIcon title={t.pickTwo} style={{ marginBottom: 12 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <div className="modeler-diff">
        <DiffViewer xml={xml?.from} marks={before} focus={focus} label={label(from)} />
        <DiffViewer xml={xml?.to} marks={after} focus={focus} label={label(to)} />
      </div>
      <Card size="small" title={`${t.changes}（${changes?.length ?? 0}）`} style={{ marginTop: 12 }} loading={!changes && !error && from !== undefined && to !== undefined}>
        {changes && changes.length === 0 ? (
          <Typography.Text type="secondary">{t.noChanges}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={changes ?? []}
            renderItem={(change) => (
              <List.Item key={change.id} data-testid="diff-change">
                <Tag color={KIND_COLOUR[change.kind]}>{t.kind[change.kind]}</Tag>
                {change.moved && change.kind === 'changed' ? <Tag color="blue">{t.kind.layoutChanged}</Tag> : null}
                <Button type="link" size="small" onClick={() => setFocus({ id: change.id })}>
                  {change.id}
                </Button>
                <Typography.Text type="secondary">{change.type}</Typography.Text>
                {change.name ? <Typography.Text style={{ marginLeft: 8 }}>{change.name}</Typography.Text> : null}
                <Typography.Text className="wrap-anywhere" style={{ flex: 1, marginLeft: 12 }}>
                  {change.properties
                    .map((property) => (property.from !== undefined || property.to !== undefined ? `${property.name}: ${property.from ?? '—'} → ${property.to ?? '—'}` : property.name))
                    .join('；')}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
