import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { login, type Credentials } from '../../api/auth';
import { asApiError, type ApiError } from '../../api/client';
import { saveToken } from '../../api/session';
import type { User } from '../../api/types';
import { ErrorAlert } from '../../components/PageState';
import { text } from '../../i18n';

export default function LoginPage({ onLogin }: { onLogin: (user: User) => Promise<void> }) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = async (credentials: Credentials) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await login(credentials);
      saveToken(result.token);
      await onLogin(result.user);
    } catch (caught) {
      setError(asApiError(caught));
      setSubmitting(false);
    }
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 360 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          {text.app.title}
        </Typography.Title>
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="username"
            label={text.login.username}
            rules={[{ required: true, message: text.login.usernameRequired }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={text.login.password}
            rules={[{ required: true, message: text.login.passwordRequired }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error ? (
            <Form.Item>
              {error.status === 401 ? <Alert type="error" showIcon title={text.login.failed} /> : <ErrorAlert error={error} />}
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {text.login.submit}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
