// The app shell: skip link, header with navigation (filtered by what the role may use), the page
// for the current URL, and the login page when nobody is signed in.
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import type { Scope } from './api.ts';
import { AnnouncerProvider, Loading } from './components.tsx';
import { ApprovalsPage } from './pages/approvals.tsx';
import { BulkBatchPage, BulkImportPage } from './pages/bulk.tsx';
import { LoginPage } from './pages/login.tsx';
import { PaymentPage } from './pages/payment.tsx';
import { PaymentsSearchPage } from './pages/payments-search.tsx';
import { ReconciliationPage, ReconciliationRunPage } from './pages/reconciliation.tsx';
import { RefundPage } from './pages/refund.tsx';
import { RefundsListPage } from './pages/refunds-list.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { Link, match, navigate, useLocation } from './router.tsx';
import { sameOriginPath } from './safe-next.ts';
import { SessionProvider, useSession } from './session.tsx';

// The charts library is the bulk of the bundle: load it only when someone opens the overview.
const OverviewPage = lazy(() => import('./pages/overview.tsx').then((m) => ({ default: m.OverviewPage })));

interface NavItem {
  href: string;
  label: string;
  /** Shown only with this scope (admin has all). */
  scope?: Scope;
}

const NAV: NavItem[] = [
  { href: '/payments', label: 'Find a payment' },
  { href: '/refunds', label: 'Refunds' },
  { href: '/approvals', label: 'Approvals', scope: 'refunds:approve' },
  { href: '/overview', label: 'Overview' },
  { href: '/reconciliation', label: 'Reconciliation' },
  { href: '/bulk', label: 'Bulk import', scope: 'refunds:write' },
  { href: '/settings', label: 'Settings', scope: 'admin' },
];

interface RouteDef {
  pattern: string;
  render: (params: Record<string, string>) => ReactNode;
}

const ROUTES: RouteDef[] = [
  { pattern: '/payments', render: () => <PaymentsSearchPage /> },
  { pattern: '/payments/:id', render: (p) => <PaymentPage id={p.id!} /> },
  { pattern: '/refunds', render: () => <RefundsListPage /> },
  { pattern: '/refunds/:id', render: (p) => <RefundPage id={p.id!} /> },
  { pattern: '/approvals', render: () => <ApprovalsPage /> },
  { pattern: '/overview', render: () => <OverviewPage /> },
  { pattern: '/reconciliation', render: () => <ReconciliationPage /> },
  { pattern: '/reconciliation/:id', render: (p) => <ReconciliationRunPage id={p.id!} /> },
  { pattern: '/bulk', render: () => <BulkImportPage /> },
  { pattern: '/bulk/:id', render: (p) => <BulkBatchPage id={p.id!} /> },
  { pattern: '/settings', render: () => <SettingsPage /> },
];

export function App() {
  return (
    <AnnouncerProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </AnnouncerProvider>
  );
}

function Shell() {
  const { session, checking, expired, can, logout } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    if (session && (path === '/' || path === '/login')) {
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(sameOriginPath(next, window.location.origin) ?? '/payments', { replace: true });
    }
  }, [session, path]);

  // Close the mobile menu after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: path is the trigger
  useEffect(() => setMenuOpen(false), [path]);

  if (checking) return <Loading label="Checking your session…" />;
  if (!session) return <LoginPage expired={expired} />;

  let page: ReactNode = <NotFound />;
  for (const r of ROUTES) {
    const params = match(r.pattern, path);
    if (params) {
      page = r.render(params);
      break;
    }
  }
  const items = NAV.filter((n) => !n.scope || can(n.scope));
  const isCurrent = (href: string) => path === href || path.startsWith(`${href}/`);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          {/* Its name is its visible text ("Refundry"), as speech users say it. */}
          <Link href="/payments" className="brand">
            <span aria-hidden="true" className="brand-mark">
              R
            </span>
            Refundry
          </Link>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            Menu
          </button>
          <nav id="main-nav" aria-label="Main" className={menuOpen ? 'main-nav open' : 'main-nav'}>
            <ul>
              {items.map((n) => (
                <li key={n.href}>
                  <Link href={n.href} aria-current={isCurrent(n.href) ? 'page' : undefined}>
                    {n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="user">
            <span className="user-name" data-testid="current-user">
              {session.user.name || session.user.email}
              <span className="role">{session.user.role}</span>
            </span>
            <button type="button" className="link-button" onClick={() => void logout()}>
              Log out
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link href="/payments">Find a payment</Link> or see the{' '}
        <Link href="/refunds">refunds</Link>.
      </p>
    </section>
  );
}
