import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './layout.tsx';
import { PageSkeleton } from '../components/states.tsx';

// Every page is its own chunk: the first paint only needs the shell.
const OverviewPage = lazy(() => import('../pages/overview-page.tsx'));
const RegionPage = lazy(() => import('../pages/region-page.tsx'));
const ComparePage = lazy(() => import('../pages/compare-page.tsx'));
const EquityPage = lazy(() => import('../pages/equity-page.tsx'));
const PartnersPage = lazy(() => import('../pages/partners-page.tsx'));
const PlanningPage = lazy(() => import('../pages/planning-page.tsx'));
const MethodPage = lazy(() => import('../pages/method-page.tsx'));
const AccessibilityPage = lazy(() => import('../pages/accessibility-page.tsx'));
const NotFoundPage = lazy(() => import('../pages/not-found-page.tsx'));

export const NAV_ITEMS = [
  { to: '/', label: 'Overzicht' },
  { to: '/regio', label: 'Regio' },
  { to: '/vergelijken', label: 'Gemeenten vergelijken' },
  { to: '/gelijke-kansen', label: 'Gelijke kansen' },
  { to: '/partners', label: 'Partners' },
  { to: '/planning', label: 'Planning' },
  { to: '/methode', label: 'Methode' },
] as const;

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Page><OverviewPage /></Page>} />
        <Route path="regio" element={<Page><RegionPage /></Page>} />
        <Route path="regio/:code" element={<Page><RegionPage /></Page>} />
        <Route path="vergelijken" element={<Page><ComparePage /></Page>} />
        <Route path="gelijke-kansen" element={<Page><EquityPage /></Page>} />
        <Route path="partners" element={<Page><PartnersPage /></Page>} />
        <Route path="planning" element={<Page><PlanningPage /></Page>} />
        <Route path="methode" element={<Page><MethodPage /></Page>} />
        <Route path="toegankelijkheid" element={<Page><AccessibilityPage /></Page>} />
        <Route path="*" element={<Page><NotFoundPage /></Page>} />
      </Route>
    </Routes>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<PageSkeleton />}>{children}</Suspense>;
}
