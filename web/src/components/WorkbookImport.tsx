import { useState, type ReactNode } from 'react';
import { Alert, Button, Flex, Modal, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { asApiError, type ApiError } from '../api/client';
import type { ProblemDetail } from '../api/types';
import { text } from '../i18n';
import { ErrorAlert } from './PageState';

const problemColumns: TableColumnsType<ProblemDetail> = [
  { key: 'sheet', title: text.excel.sheet, render: (_, problem) => problem.sheet ?? '—' },
  { key: 'row', title: text.excel.row, align: 'right', render: (_, problem) => problem.row ?? '—' },
  { key: 'column', title: text.excel.column, render: (_, problem) => problem.column ?? problem.path ?? '—' },
  { key: 'message', title: text.excel.problem, render: (_, problem) => <span className="wrap-anywhere">{problem.message}</span> },
];

interface WorkbookImportProps {
  title: string;
  hint: string;
  /** Sends the workbook; what it resolves to is shown as the success. */
  onImport: (file: File) => Promise<ReactNode>;
  /** Options of the import shown above the file, such as "as drafts". */
  children?: ReactNode;
}

/**
 * A button opening an upload of a filled-in workbook. An import is all or nothing: a refusal lists
 * every bad cell, so it is shown as a table the user can work through.
 */
export function WorkbookImport({ title, hint, onImport, children }: WorkbookImportProps) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<ReactNode>();

  const close = () => {
    setOpen(false);
    setFile(undefined);
    setError(undefined);
    setResult(undefined);
  };
  const send = async () => {
    if (!file) return;
    setSending(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await onImport(file));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSending(false);
    }
  };
  const problems = error?.body?.errors ?? [];

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {text.excel.import}
      </Button>
      <Modal
        open={open}
        title={title}
        onCancel={close}
        onOk={send}
        okButtonProps={{ disabled: !file, loading: sending }}
        okText={text.excel.import}
        width={720}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{hint}</Typography.Text>
          {children}
          <Upload
            accept=".xlsx"
            maxCount={1}
            fileList={file ? [{ uid: 'workbook', name: file.name, status: 'done' }] : []}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setError(undefined);
              setResult(undefined);
              // Kept until the user confirms: antd would otherwise post it at once, without the token.
              return false;
            }}
            onRemove={() => setFile(undefined)}
          >
            <Button icon={<UploadOutlined />}>{text.excel.chooseFile}</Button>
          </Upload>
          {result ? <Alert type="success" showIcon title={result} /> : null}
          {error && problems.length > 0 ? (
            <>
              <Alert type="error" showIcon title={text.excel.errors} />
              <Table<ProblemDetail>
                rowKey={(problem) => `${problem.sheet ?? ''}:${problem.row ?? ''}:${problem.column ?? problem.path ?? ''}:${problem.message}`}
                size="small"
                columns={problemColumns}
                dataSource={problems}
                pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                scroll={{ x: 'max-content', y: 320 }}
              />
            </>
          ) : error ? (
            <ErrorAlert error={error} />
          ) : null}
        </Flex>
      </Modal>
    </>
  );
}
