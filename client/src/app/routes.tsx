import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './layout.tsx';
import { PageSkeleton } from '../components/states.tsx';

// Every page is its own chunk: the first paint only needs the shell.
const OverviewPage = lazy(() => import('../pages/overview-page.tsx'));
const RegionPage = lazy(() => import('../pages/region-page.tsx'));
const ComparePage = lazy(() => import('../pages/compare-page.tsx'));
const DistrictsPage = lazy(() => import('../pages/districts-page.tsx'));
const EquityPage = lazy(() => import('../pages/equity-page.tsx'));
const PartnersPage = lazy(() => import('../pages/partners-page.tsx'));
const PlanningPage = lazy(() => import('../pages/planning-page.tsx'));
const MethodPage = lazy(() => import('../pages/method-page.tsx'));
const AccessibilityPage = lazy(() => import('../pages/accessibility-page.tsx'));
const NotFoundPage = lazy(() => import('../pages/not-found-page.tsx'));
const ReportPage = lazy(() => import('../pages/report-page.tsx'));
const ReportPrintPage = lazy(() => import('../pages/print/report-print-page.tsx'));
const LoginPage = lazy(() => import('../pages/login-page.tsx'));
const AccountPage = lazy(() => import('../pages/account-page.tsx'));
const AdminPage = lazy(() => import('../pages/admin-page.tsx'));
const ImportPage = lazy(() => import('../pages/import-page.tsx'));

/** `requires`: shown only to users who may use the page (the server enforces it regardless). */
export const NAV_ITEMS: readonly { to: string; label: string; requires?: 'schools' | 'admin' }[] = [
  { to: '/', label: 'Overzicht' },
  { to: '/regio', label: 'Regio' },
  { to: '/vergelijken', label: 'Gemeenten vergelijken' },
  { to: '/wijken', label: 'Wijken vergelijken' },
  { to: '/gelijke-kansen', label: 'Gelijke kansen' },
  { to: '/partners', label: 'Partners' },
  { to: '/planning', label: 'Planning', requires: 'schools' },
  { to: '/rapporten', label: 'Rapporten' },
  { to: '/methode', label: 'Methode' },
  { to: '/beheer', label: 'Beheer', requires: 'admin' },
  { to: '/importeren', label: 'Gegevens importeren', requires: 'admin' },
];

export function AppRoutes() {
  return (
    <Routes>
      {/* Print pages of the PDF reports: no site chrome, A4 width (server/src/report/renderer.ts). */}
      <Route path="rapport/regio/:code" element={<Page><ReportPrintPage kind="region" /></Page>} />
      <Route path="rapport/gemeente/:code" element={<Page><ReportPrintPage kind="municipality" /></Page>} />
      <Route element={<Layout />}>
        <Route index element={<Page><OverviewPage /></Page>} />
        <Route path="regio" element={<Page><RegionPage /></Page>} />
        <Route path="regio/:code" element={<Page><RegionPage /></Page>} />
        <Route path="vergelijken" element={<Page><ComparePage /></Page>} />
        <Route path="wijken" element={<Page><DistrictsPage /></Page>} />
        <Route path="gelijke-kansen" element={<Page><EquityPage /></Page>} />
        <Route path="partners" element={<Page><PartnersPage /></Page>} />
        <Route path="planning" element={<Page><PlanningPage /></Page>} />
        <Route path="rapporten" element={<Page><ReportPage /></Page>} />
        <Route path="methode" element={<Page><MethodPage /></Page>} />
        <Route path="toegankelijkheid" element={<Page><AccessibilityPage /></Page>} />
        <Route path="inloggen" element={<Page><LoginPage /></Page>} />
        <Route path="account" element={<Page><AccountPage /></Page>} />
        <Route path="beheer" element={<Page><AdminPage /></Page>} />
        <Route path="importeren" element={<Page><ImportPage /></Page>} />
        <Route path="*" element={<Page><NotFoundPage /></Page>} />
      </Route>
    </Routes>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<PageSkeleton />}>{children}</Suspense>;
}
