import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { NavLink, Navigate, Outlet, useLocation, useNavigate, useSearchParams, Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NAV_ITEMS } from './routes.tsx';
import { PUBLIC_PATHS, useSession } from './session.ts';
import { setCsrfToken, useTRPC } from './trpc.ts';
import { PageSkeleton } from '../components/states.tsx';
import { applyPatch, carriedSearch } from './url-state.ts';
import { defaultScopePatch, useMunicipalityRegions } from './user-scope.ts';
import { SyntheticBanner } from '../components/synthetic-banner.tsx';
import { PageActions } from '../components/page-actions.tsx';
import { formatDate } from '@rd/shared/format';
import { useDataDate } from './use-meta.ts';

export function Layout() {
  const [params] = useSearchParams();
  const search = carriedSearch(params);
  const { pathname, search: fullSearch, hash } = useLocation();
  const session = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation(trpc.auth.logout.mutationOptions({
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      navigate('/inloggen', { replace: true });
    },
  }));
  const user = session.data ?? null;
  const dataDate = useDataDate();
  const dataset = useQuery(trpc.meta.dataset.queryOptions());
  const municipalityRegions = useMunicipalityRegions(user);
  const isPublic = PUBLIC_PATHS.includes(pathname);
  // Pages open on the server's default school year (useUrlState): they wait for it.
  const years = useQuery({ ...trpc.geography.schoolYears.queryOptions(), enabled: !!user });
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  // On a phone the menu folds behind a button (CSS shows the button only on small screens), so
  // the page's first figure is on the first screen; a chosen page folds it again.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a page change is what folds the menu
  useEffect(() => setMenuOpen(false), [pathname]);
  const onMenuKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || !menuOpen) return;
    setMenuOpen(false);
    menuButton.current?.focus();
  };

  // On a page change (not on a filter change) move focus to the new page's heading, so
  // screen-reader and keyboard users start at the top of the new content.
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is what marks a page change; the hash counts only with it
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const t = window.setTimeout(() => {
      // A link to a part of a page ("/methode#voorwaarden") starts there instead.
      const target = (hash && document.getElementById(decodeURIComponent(hash.slice(1)))) || mainRef.current?.querySelector('h1');
      if (target) {
        target.setAttribute('tabindex', '-1');
        target.focus();
      }
    }, 50);
    return () => window.clearTimeout(t);
  }, [pathname]);

  // Logged out on a page that needs a login: to the login page, and back here afterwards.
  if (!session.isPending && !user && !isPublic) {
    return <Navigate to={`/inloggen?terug=${encodeURIComponent(pathname + fullSearch)}`} replace />;
  }
  // A page without an area in its URL opens on the user's own area, never on one they cannot see.
  if (user && !isPublic) {
    if (pathname === '/regio' && !user.national && user.regions[0]) return <Navigate to={`/regio/${user.regions[0]}${fullSearch}`} replace />;
    const patch = defaultScopePatch(pathname, params, user, (m) => municipalityRegions.get(m));
    if (patch) return <Navigate to={`${pathname}?${applyPatch(params, patch).toString()}`} replace />;
  }
  // The region page breaks a region down per municipality: not for users who see municipalities only as one figure.
  const seesRegions = !!user && (user.national || user.regions.length > 0);
  const items = NAV_ITEMS.filter((item) => (item.to !== '/regio' || seesRegions)
    && (!item.requires || (item.requires === 'schools' ? user?.canSeeSchools : user?.isAdmin)));

  // The menu, the account and the demo banner depend on the session and the dataset: until both
  // are known, a placeholder alone, so the page does not jump down by their height when they arrive.
  if (session.isPending || dataset.isPending) return <main id="inhoud" className="site-main site-main--waiting"><PageSkeleton /></main>;

  return (
    <>
      <a className="skip-link" href="#inhoud">Naar de inhoud</a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to={`/${search}`} className="site-title">
            <span className="site-title__logo" aria-hidden="true" />
            <span>
              <span className="site-title__name">Regiodashboard Welbevinden op School</span>
              <span className="site-title__sub">Integrale aanpak, adviescapaciteit en gelijke kansen per GGD-regio</span>
            </span>
          </Link>
          {user && (
            <div className="site-user">
              <span>
                <span className="visually-hidden">Ingelogd als </span>
                <Link to="/account" className="site-user__name">{user.name}</Link>
                <span className="site-user__role"><span aria-hidden="true"> · </span><span className="visually-hidden">, rol: </span>{user.roleLabel}</span>
              </span>
              <button type="button" className="button button--secondary site-user__logout" onClick={() => logout.mutate()} disabled={logout.isPending}>
                Uitloggen
              </button>
            </div>
          )}
        </div>
        {user && <nav aria-label="Hoofdmenu" className={`main-nav${menuOpen ? ' main-nav--open' : ''}`} onKeyDown={onMenuKey}>
          <button type="button" ref={menuButton} className="main-nav__toggle" aria-expanded={menuOpen} aria-controls="hoofdmenu-items"
            onClick={() => setMenuOpen((open) => !open)}>
            <span className="main-nav__toggle-icon" aria-hidden="true" />Menu
          </button>
          <ul id="hoofdmenu-items">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={`${item.to}${search}`} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>}
      </header>
      <SyntheticBanner />
      <main id="inhoud" ref={mainRef} tabIndex={-1} className="site-main">
        {user && !isPublic && <PageActions />}
        {(session.isPending || (user && years.isPending)) && !isPublic ? <PageSkeleton /> : <Outlet />}
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p>Regiodashboard Welbevinden op School · Gegevens op groepsniveau; cellen met te weinig scholen zijn afgeschermd.</p>
          {dataDate && <p data-testid="data-date">Peildatum gegevens: {formatDate(dataDate)}</p>}
          <ul>
            <li><Link to="/methode">Methode en bronnen</Link></li>
            <li><Link to="/toegankelijkheid">Toegankelijkheidsverklaring</Link></li>
          </ul>
          <p className="site-footer__credit">Kaartgrenzen: CBS/PDOK, gebiedsindelingen 2025 (CC BY 4.0).</p>
        </div>
      </footer>
    </>
  );
}
