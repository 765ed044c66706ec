import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { Button, Result } from 'antd';
import { request, requestJson } from './api/client';
import { clearToken, getToken, onSessionExpired } from './api/session';
import type { Items, Unit, User } from './api/types';
import { AppLayout } from './components/AppLayout';
import { NotificationProvider } from './components/NotificationProvider';
import { PageLoading } from './components/PageState';
import { text } from './i18n/zh-CN';
import { nameLookup, userNameLookup } from './names';
import LoginPage from './pages/Login/LoginPage';
import { matchPath, navigate, useLocation } from './router';
import { SessionContext, type Session } from './session';

type PageProps = { params: Record<string, string> };

const MatterFormPage = lazy(() => import('./pages/MatterForm/MatterFormPage'));

/** The first pattern that matches wins: `/matters/new` comes before `/matters/:id`. */
const routes: { pattern: string; page: ComponentType<PageProps> }[] = [
  { pattern: '/inbox', page: lazy(() => import('./pages/Inbox/InboxPage')) },
  { pattern: '/tasks/:id', page: lazy(() => import('./pages/Task/TaskPage')) },
  { pattern: '/matters', page: lazy(() => import('./pages/Matters/MattersPage')) },
  { pattern: '/matters/new', page: MatterFormPage },
  { pattern: '/matters/:id', page: lazy(() => import('./pages/Matter/MatterPage')) },
  { pattern: '/matters/:id/edit', page: MatterFormPage },
  { pattern: '/board', page: lazy(() => import('./pages/Board/BoardPage')) },
  { pattern: '/search', page: lazy(() => import('./pages/Search/SearchPage')) },
  { pattern: '/organisation', page: lazy(() => import('./pages/Organisation/OrganisationPage')) },
  { pattern: '/notifications', page: lazy(() => import('./pages/Notifications/NotificationsPage')) },
  { pattern: '/process-definitions', page: lazy(() => import('./pages/ProcessDefinitions/ProcessDefinitionsPage')) },
  { pattern: '/process-definitions/:key', page: lazy(() => import('./pages/ProcessDefinition/ProcessDefinitionPage')) },
];

/** Addresses that only lead somewhere else once signed in. */
const entryPaths = new Set(['/', '/login']);

type Signed = { user: User; units: Unit[] };

/** The unit register, for showing unit names; without it the UI still works and shows unit ids. */
async function loadUnits(): Promise<Unit[]> {
  return requestJson<Items<Unit>>('/api/units').then(
    (units) => units.items,
    () => [],
  );
}

/** Display names of the people the UI would otherwise show by username; without them it shows usernames. */
async function loadUserNames(): Promise<Map<string, string>> {
  return requestJson<Items<Pick<User, 'username' | 'displayName'>>>('/api/users/names').then(
    (users) => new Map(users.items.map((person) => [person.username, person.displayName])),
    () => new Map(),
  );
}

export function App() {
  // undefined while a stored token is being checked, null when signed out.
  const [signed, setSigned] = useState<Signed | null | undefined>(getToken() ? undefined : null);
  // Loaded after signing in, without holding up the first page: names replace usernames when they come.
  const [userNames, setUserNames] = useState<{ user: User; names: Map<string, string> }>();
  const location = useLocation();

  useEffect(() => onSessionExpired(() => setSigned(null)), []);
  useEffect(() => {
    if (!getToken()) return;
    // A 401 has already expired the session; any other failure also shows the login page.
    Promise.all([requestJson<User>('/api/me'), loadUnits()]).then(
      ([user, units]) => setSigned({ user, units }),
      () => setSigned(null),
    );
  }, []);

  const signedUser = signed?.user;
  useEffect(() => {
    if (!signedUser) return;
    let current = true;
    loadUserNames().then((names) => {
      if (current) setUserNames({ user: signedUser, names });
    });
    return () => {
      current = false;
    };
  }, [signedUser]);

  const onLogin = useCallback(async (user: User) => {
    setSigned({ user, units: await loadUnits() });
  }, []);

  const logout = useCallback(() => {
    // The server ends the session too, so the token is worth nothing even if it was copied.
    if (getToken()) request('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    clearToken();
    setSigned(null);
    navigate('/login');
  }, []);

  const session = useMemo<Session | null>(() => {
    if (!signed) return null;
    // Names loaded for whoever was signed in before are not this user's to see.
    const names = userNames?.user === signed.user ? userNames.names : new Map<string, string>();
    return {
      ...signed,
      unitName: nameLookup(new Map(signed.units.map((unit) => [unit.id, unit.name]))),
      userName: userNameLookup(signed.user, names),
      logout,
    };
  }, [signed, userNames, logout]);

  const redirect = session !== null && entryPaths.has(location.pathname);
  useEffect(() => {
    if (redirect) navigate('/inbox', { replace: true });
  }, [redirect]);

  if (signed === undefined) return <PageLoading />;
  // Signed out, every address shows the login page and keeps its URL, so signing in returns there.
  if (!session) return <LoginPage onLogin={onLogin} />;
  if (redirect) return <PageLoading />;

  const route = routes
    .map(({ pattern, page }) => ({ page, params: matchPath(pattern, location.pathname) }))
    .find((candidate) => candidate.params !== null);
  const Page = route?.page;

  return (
    <SessionContext.Provider value={session}>
      <NotificationProvider>
        <AppLayout pathname={location.pathname}>
          <Suspense fallback={<PageLoading />}>
            {Page && route.params ? (
              // The key remounts the page for another matter or task, so no state carries over.
              <Page key={location.pathname} params={route.params} />
            ) : (
              <Result
                status="404"
                title={text.app.notFound}
                extra={<Button onClick={() => navigate('/inbox')}>{text.app.toInbox}</Button>}
              />
            )}
          </Suspense>
        </AppLayout>
      </NotificationProvider>
    </SessionContext.Provider>
  );
}
