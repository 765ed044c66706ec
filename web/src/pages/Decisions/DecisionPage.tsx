/**
 * One decision in the DMN editor: a deployed one (`/decisions/:key`, the latest version or
 * `?version=`), or a new one from a small decision table (`/decisions/new`). The designer edits it,
 * imports or exports the .dmn file, and deploys it; the server's refusals are listed by element.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Spin, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileAddOutlined, ImportOutlined } from '@ant-design/icons';
import { asApiError, saveAs } from '../../api/client';
import type { ProblemDetail } from '../../api/types';
import { PageTitle } from '../../components/PageState';
import { text } from '../../i18n';
import { Link, navigate, useVersionParam } from '../../router';
import { type DeploymentResult, deployFiles, fetchDecisionXml } from './api';
import DecisionEditor from './DecisionEditor';
import { decisionPath } from './DecisionsPage';
import { dmnFileName } from './dmnFile';
import { newDecisionXml } from './template';

const t = text.decisions;

/** One problem the server named: the element (and the file, when it is not the one edited) and what is wrong. */
export function DeploymentProblems({ problems }: { problems: ProblemDetail[] }) {
  return (
    <ul className="decision-problems" data-testid="deployment-problems">
      {problems.map((problem, index) => (
        <li key={index}>
          {problem.file ? <code>{problem.file}</code> : null}
          {problem.elementId ? <code> {problem.elementId}</code> : null}
          {problem.file || problem.elementId ? '：' : null}
          {problem.message}
        </li>
      ))}
    </ul>
  );
}

export default function DecisionPage({ params }: { params: Record<string, string> }) {
  const { message } = App.useApp();
  const key = params.key;
  const version = useVersionParam();

  const [xml, setXml] = useState<string>();
  const [loadError, setLoadError] = useState<string>();
  const [deploying, setDeploying] = useState(false);
  const [refused, setRefused] = useState<ProblemDetail[]>();
  const [deployed, setDeployed] = useState<DeploymentResult>();

  useEffect(() => {
    let stale = false;
    setLoadError(undefined);
    setRefused(undefined);
    setDeployed(undefined);
    if (!key) {
      setXml(newDecisionXml());
      return;
    }
    setXml(undefined);
    fetchDecisionXml(key, version).then(
      (loaded) => {
        if (!stale) setXml(loaded);
      },
      (error: unknown) => {
        if (!stale) setLoadError(`${t.loadFailed}：${asApiError(error).message}`);
      },
    );
    return () => {
      stale = true;
    };
  }, [key, version]);

  const edit = (edited: string) => {
    setXml(edited);
    setRefused(undefined);
  };

  const importFile = async (file: File) => {
    edit(await file.text());
    setDeployed(undefined);
    return false;
  };

  const deploy = async () => {
    if (xml === undefined) return;
    setDeploying(true);
    setDeployed(undefined);
    try {
      const result = await deployFiles([new File([xml], dmnFileName(xml), { type: 'application/xml' })]);
      setRefused(undefined);
      setDeployed(result);
      void message.success(t.deployedSummary(result.decisions.filter((decision) => decision.created).length));
    } catch (caught) {
      const error = asApiError(caught);
      const errors = error.body?.errors;
      setRefused(errors && errors.length > 0 ? errors : [{ message: error.body?.message ?? error.message }]);
      void message.error(t.deployFailed);
    } finally {
      setDeploying(false);
    }
  };

  const title = key ? `${t.title} · ${key}${version ? ` · ${t.versionLabel(version)}` : ''}` : t.titleNew;
  return (
    <>
      <PageTitle title={title} back="/decisions" />
      <Flex wrap gap={8} style={{ marginBottom: 12 }} role="toolbar" aria-label={t.toolbar}>
        <Button icon={<FileAddOutlined />} onClick={() => (key ? navigate('/decisions/new') : edit(newDecisionXml()))}>
          {t.new}
        </Button>
        <Upload accept=".dmn,.xml" showUploadList={false} beforeUpload={importFile}>
          <Button icon={<ImportOutlined />}>{t.import}</Button>
        </Upload>
        <Button icon={<DownloadOutlined />} disabled={xml === undefined} onClick={() => xml !== undefined && saveAs(new Blob([xml], { type: 'application/xml' }), dmnFileName(xml))}>
          {t.export}
        </Button>
        <Button type="primary" icon={<CloudUploadOutlined />} disabled={xml === undefined} loading={deploying} onClick={() => void deploy()}>
          {t.deploy}
        </Button>
      </Flex>
      {loadError ? <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} /> : null}
      {refused ? <Alert type="error" showIcon title={t.deployFailed} description={<DeploymentProblems problems={refused} />} style={{ marginBottom: 12 }} /> : null}
      {deployed ? (
        <Alert
          type={deployed.warnings.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          style={{ marginBottom: 12 }}
          title={
            <Flex wrap gap={8}>
              {deployed.decisions.map((decision) => (
                // A new decision's own address, from which it opens again.
                <Link key={decision.key} to={decisionPath(decision.key)}>
                  {decision.created ? t.deployed(decision.key, decision.version) : t.unchanged(decision.key, decision.version)}
                </Link>
              ))}
            </Flex>
          }
          description={deployed.warnings.length > 0 ? <DeploymentProblems problems={deployed.warnings} /> : undefined}
        />
      ) : null}
      {xml === undefined && !loadError ? <Spin /> : null}
      {xml !== undefined ? <DecisionEditor xml={xml} onChange={edit} /> : null}
    </>
  );
}
