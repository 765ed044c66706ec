import { lazy, type ComponentType, type ReactNode } from 'react';
import { ApartmentOutlined, BranchesOutlined, EditOutlined, FormOutlined, BarChartOutlined, BellOutlined, InboxOutlined, ProfileOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import { may, type Permission, type Role } from '../../supervision/access';
import { text } from './i18n';
import { matchPath } from './router';

export interface PageProps {
  params: Record<string, string>;
}

/** One page of the app: the router shows it, the menu lists it, the access map guards both. */
export interface AppRoute {
  /** A `/matters/:id`-style pattern. */
  path: string;
  page: ComponentType<PageProps>;
  /** The page's menu entry; a page without one is reached from another. */
  menu?: {
    label: string;
    icon: ReactNode;
    /** The entry carries the unread notification count, like the bell. */
    unreadCount?: boolean;
  };
  /** The menu entry selected on a page without one of its own: a task is reached from the inbox. */
  section?: string;
  /** What the page needs; without it every signed-in user may open it. */
  access?: Permission;
}

const MatterFormPage = lazy(() => import('./pages/MatterForm/MatterFormPage'));
const DecisionPage = lazy(() => import('./pages/Decisions/DecisionPage'));
const FormPage = lazy(() => import('./pages/Forms/FormPage'));

/** Every page, in menu order. The first path that matches wins: `/matters/new` comes before `/matters/:id`. */
export const routes: readonly AppRoute[] = [
  { path: '/inbox', page: lazy(() => import('./pages/Inbox/InboxPage')), menu: { label: text.nav.inbox, icon: <InboxOutlined /> } },
  { path: '/tasks/:id', page: lazy(() => import('./pages/Task/TaskPage')), section: '/inbox' },
  { path: '/matters', page: lazy(() => import('./pages/Matters/MattersPage')), menu: { label: text.nav.matters, icon: <ProfileOutlined /> } },
  { path: '/matters/new', page: MatterFormPage, section: '/matters', access: 'matters.manage' },
  { path: '/matters/:id', page: lazy(() => import('./pages/Matter/MatterPage')), section: '/matters' },
  { path: '/matters/:id/edit', page: MatterFormPage, section: '/matters', access: 'matters.manage' },
  { path: '/board', page: lazy(() => import('./pages/Board/BoardPage')), menu: { label: text.nav.board, icon: <TrophyOutlined /> } },
  { path: '/search', page: lazy(() => import('./pages/Search/SearchPage')), menu: { label: text.nav.search, icon: <BarChartOutlined /> } },
  {
    path: '/notifications',
    page: lazy(() => import('./pages/Notifications/NotificationsPage')),
    menu: { label: text.nav.notifications, icon: <BellOutlined />, unreadCount: true },
  },
  {
    path: '/process-definitions',
    page: lazy(() => import('./pages/ProcessDefinitions/ProcessDefinitionsPage')),
    menu: { label: text.nav.processDefinitions, icon: <ApartmentOutlined /> },
  },
  { path: '/process-definitions/:key', page: lazy(() => import('./pages/ProcessDefinition/ProcessDefinitionPage')), section: '/process-definitions' },
  {
    path: '/modeler',
    page: lazy(() => import('./pages/Modeler/ModelerPage')),
    menu: { label: text.nav.modeler, icon: <EditOutlined /> },
    access: 'processes.deploy',
  },
  { path: '/modeler/:key', page: lazy(() => import('./pages/Modeler/ModelerPage')), section: '/modeler', access: 'processes.deploy' },
  { path: '/modeler/:key/diff', page: lazy(() => import('./pages/Modeler/DiffPage')), section: '/modeler', access: 'processes.deploy' },
  {
    path: '/decisions',
    page: lazy(() => import('./pages/Decisions/DecisionsPage')),
    menu: { label: text.nav.decisions, icon: <BranchesOutlined /> },
    access: 'processes.deploy',
  },
  { path: '/decisions/new', page: DecisionPage, section: '/decisions', access: 'processes.deploy' },
  { path: '/decisions/:key', page: DecisionPage, section: '/decisions', access: 'processes.deploy' },
  { path: '/forms', page: lazy(() => import('./pages/Forms/FormsPage')), menu: { label: text.nav.forms, icon: <FormOutlined /> }, access: 'processes.deploy' },
  { path: '/forms/new', page: FormPage, section: '/forms', access: 'processes.deploy' },
  { path: '/forms/:key', page: FormPage, section: '/forms', access: 'processes.deploy' },
  {
    path: '/organisation',
    page: lazy(() => import('./pages/Organisation/OrganisationPage')),
    menu: { label: text.nav.organisation, icon: <TeamOutlined /> },
    access: 'organisation.manage',
  },
];

/** The route showing `pathname` and its parameters; undefined when no route does. */
export function matchRoute(pathname: string): { route: AppRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

/** Whether the role may open the route's page (and see its menu entry). */
export const mayOpen = (role: Role, route: AppRoute): boolean => route.access === undefined || may(role, route.access);

/** The menu's entries for the role: the pages with one that the role may open, in the table's order. */
export const menuRoutes = (role: Role): (AppRoute & { menu: NonNullable<AppRoute['menu']> })[] =>
  routes.filter((route): route is AppRoute & { menu: NonNullable<AppRoute['menu']> } => route.menu !== undefined && mayOpen(role, route));
