/**
 * The modeler's version picker for a deployed process: every version with who deployed it and when;
 * choosing one opens it (`?version=N`), and the diff button compares the version shown with the one before.
 */
import { useEffect, useState } from 'react';
import { Button, Select } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import { asApiError } from '../../api/client';
import { formatDateTime } from '../../format';
import { text } from '../../i18n';
import { navigate } from '../../router';
import { type ProcessVersion, fetchVersions } from './versionsApi';

const t = text.modelerVersions;

export function diffPath(key: string, from: number, to: number): string {
  return `/modeler/${encodeURIComponent(key)}/diff?from=${from}&to=${to}`;
}

/** `refresh` changes when a new version may have been deployed. */
export function VersionPicker({ processKey, version, refresh }: { processKey: string; version?: number; refresh?: unknown }) {
  const [versions, setVersions] = useState<ProcessVersion[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let stale = false;
    fetchVersions(processKey).then(
      (found) => {
        if (!stale) {
          setVersions(found);
          setError(undefined);
        }
      },
      (caught: unknown) => {
        if (!stale) setError(asApiError(caught).message);
      },
    );
    return () => {
      stale = true;
    };
  }, [processKey, refresh]);

  const shown = version ?? versions?.[0]?.version;
  const earlier = versions?.find((candidate) => shown !== undefined && candidate.version < shown)?.version;

  return (
    <>
      <Select
        style={{ minWidth: 280 }}
        aria-label={t.versions}
        placeholder={error ? t.versionsFailed : t.versions}
        status={error ? 'error' : undefined}
        loading={!versions && !error}
        value={versions ? shown : undefined}
        options={(versions ?? []).map((candidate) => ({
          value: candidate.version,
          label: t.versionOption(candidate.version, candidate.deployedBy ?? t.unknownDeployer, formatDateTime(candidate.deployedAt)),
        }))}
        onChange={(chosen: number) => navigate(`/modeler/${encodeURIComponent(processKey)}?version=${chosen}`)}
      />
      <Button icon={<DiffOutlined />} disabled={earlier === undefined || shown === undefined} onClick={() => navigate(diffPath(processKey, earlier!, shown!))}>
        {t.compare}
      </Button>
    </>
  );
}
