// Every page of the app, by path under /app. Pages that write say which roles may use them; the API checks
// again (a customer who types a write page's address gets words, not a form).

import { writesMarketData, writesTenantData, type Caller } from './session';
import { signInPage } from './pages/sign-in';
import { overviewPage } from './pages/overview';
import { leagueTablePage } from './pages/league-table';
import { dealPage } from './pages/deal';
import { flowsPage } from './pages/flows';
import { payPage } from './pages/pay';
import { computePage } from './pages/compute';
import { recordDealPage } from './pages/record-deal';
import { recordClaimPage } from './pages/record-claim';
import { recordMovePage } from './pages/record-move';
import { importPage } from './pages/import';
import { payrollPage } from './pages/payroll';
import { notFoundPage } from './pages/not-found';

export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  who: Caller | null;
  navigate: (path: string, replace?: boolean) => void;
  /** False once the user has moved on to another page. */
  isCurrent: () => boolean;
}

export interface Page {
  title: string;
  public?: boolean;
  allowed?: (who: Caller) => boolean;
  allowedText?: string;
  render: (main: HTMLElement, context: PageContext) => Promise<void> | void;
}

const analysts = { allowed: writesMarketData, allowedText: 'analysts and admins' };
const customers = { allowed: writesTenantData, allowedText: 'customers' };

export const routes: { pattern: RegExp; page: Page; notFound?: boolean }[] = [
  { pattern: /^\/sign-in$/, page: { title: 'Sign in', public: true, render: signInPage } },
  { pattern: /^\/$/, page: { title: 'Market overview', render: overviewPage } },
  { pattern: /^\/deals$/, page: { title: 'Deals', render: leagueTablePage } },
  { pattern: /^\/deals\/(?<id>[0-9a-fA-F-]{36})$/, page: { title: 'Deal', render: dealPage } },
  { pattern: /^\/flows$/, page: { title: 'Talent flows', render: flowsPage } },
  { pattern: /^\/pay$/, page: { title: 'Pay benchmarks', render: payPage } },
  { pattern: /^\/compute$/, page: { title: 'Talent vs compute', render: computePage } },
  { pattern: /^\/record\/deal$/, page: { title: 'Record a deal', ...analysts, render: recordDealPage } },
  { pattern: /^\/record\/claim$/, page: { title: 'Add a claim', ...analysts, render: recordClaimPage } },
  { pattern: /^\/record\/move$/, page: { title: 'Record a move', ...analysts, render: recordMovePage } },
  { pattern: /^\/import$/, page: { title: 'Import', ...analysts, render: importPage } },
  { pattern: /^\/payroll$/, page: { title: 'Upload payroll', ...customers, render: payrollPage } },
  { pattern: /^$/, notFound: true, page: { title: 'Not found', render: notFoundPage } },
];
