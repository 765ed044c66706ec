import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Result } from 'antd';
import { currentUser, logout as endSession } from './api/auth';
import { listUnits, listUserNames } from './api/organisation';
import { clearToken, getToken, onSessionExpired } from './api/session';
import type { Unit, User } from './api/types';
import { AppLayout } from './components/AppLayout';
import { NotificationProvider } from './components/NotificationProvider';
import { PageLoading } from './components/PageState';
import { text } from './i18n';
import { followPreference } from './i18n/preference';
import { nameLookup, userNameLookup } from './names';
import LoginPage from './pages/Login/LoginPage';
import { navigate, useLocation } from './router';
import { matchRoute, mayOpen } from './routes';
import { SessionContext, type Session } from './session';

/** Addresses that only lead somewhere else once signed in. */
const entryPaths = new Set(['/', '/login']);

type Signed = { user: User; units: Unit[] };

/** The unit register, for showing unit names; without it the UI still works and shows unit ids. */
async function loadUnits(): Promise<Unit[]> {
  return listUnits().then(
    (units) => units.items,
    () => [],
  );
}

/** Display names of the people the UI would otherwise show by username; without them it shows usernames. */
async function loadUserNames(): Promise<Map<string, string>> {
  return listUserNames().then(
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
    Promise.all([currentUser(), loadUnits()]).then(
      ([user, units]) => {
        if (!followPreference(user.locale)) setSigned({ user, units });
      },
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
    // Signed in on a page in another language than theirs: it reloads in theirs, still signed in.
    if (followPreference(user.locale)) return;
    setSigned({ user, units: await loadUnits() });
  }, []);

  const logout = useCallback(() => {
    // The server ends the session too, so the token is worth nothing even if it was copied.
    if (getToken()) endSession().catch(() => undefined);
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

  const matched = matchRoute(location.pathname);
  let content;
  if (!matched) {
    content = (
      <Result
        status="404"
        title={text.app.notFound}
        extra={<Button onClick={() => navigate('/inbox')}>{text.app.toInbox}</Button>}
      />
    );
  } else if (!mayOpen(session.user.role, matched.route)) {
    content = <Result status="403" title={text.error.forbidden} />;
  } else {
    const Page = matched.route.page;
    // The key remounts the page for another matter or task, so no state carries over.
    content = <Page key={location.pathname} params={matched.params} />;
  }

  return (
    <SessionContext.Provider value={session}>
      <NotificationProvider>
        <AppLayout pathname={location.pathname}>
          <Suspense fallback={<PageLoading />}>{content}</Suspense>
        </AppLayout>
      </NotificationProvider>
    </SessionContext.Provider>
  );
}
