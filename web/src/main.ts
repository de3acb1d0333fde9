// The app's shell: sign-in gate, navigation by role, and a router over /app/… paths (no key ever in a URL).

import './styles.css';
import { disposeCharts } from './charts';
import { h, replace } from './dom';
import { caller, signOut, writesMarketData, writesTenantData, type Caller } from './session';
import { routes, type Page } from './routes';

const base = '/app';
const root = document.getElementById('app')!;

function navigation(who: Caller): HTMLElement {
  const item = (href: string, text: string) => h('li', null, h('a', { href: `${base}${href}`, 'data-nav': href }, text));
  return h('nav', { 'aria-label': 'Main' },
    h('ul', { class: 'nav-list' },
      item('/', 'Market overview'),
      item('/deals', 'Deals'),
      item('/flows', 'Talent flows'),
      item('/pay', 'Pay benchmarks'),
      item('/compute', 'Talent vs compute')),
    writesMarketData(who)
      ? h('ul', { class: 'nav-list nav-writes', 'aria-label': 'Record market data' },
        item('/record/deal', 'Record a deal'),
        item('/record/claim', 'Add a claim'),
        item('/record/move', 'Record a move'),
        item('/import', 'Import'))
      : null,
    writesTenantData(who)
      ? h('ul', { class: 'nav-list nav-writes', 'aria-label': 'Your data' }, item('/payroll', 'Upload payroll'))
      : null);
}

function shell(who: Caller | null, main: HTMLElement): HTMLElement[] {
  const banner = h('header', { class: 'site-header' },
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    h('p', { class: 'brand' }, h('a', { href: `${base}/` }, 'TalentPlatform')),
    who
      ? h('div', { class: 'who' },
        h('p', null, 'Signed in as ', h('strong', null, who.role), ` (tenant ${who.tenant})`),
        h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: () => { signOut(); navigate('/sign-in'); } }, 'Sign out'))
      : null,
    who ? navigation(who) : null);
  const footer = h('footer', { class: 'site-footer' },
    h('p', null, 'Every figure links to its sources. Money is in US dollars unless a figure names its own currency; conversions use the FX rate in force on the figure\'s date, shown with it.'));
  return [banner, main, footer];
}

function match(path: string): { page: Page; params: Record<string, string> } {
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (found) return { page: route.page, params: found.groups ?? {} };
  }
  return { page: routes.find((route) => route.notFound)!.page, params: {} };
}

let rendering = 0;
let rendered = '';

async function render(): Promise<void> {
  rendering += 1;
  const token = rendering;
  const first = rendered === '';
  rendered = location.pathname + location.search;
  disposeCharts();
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) || '/' : '/';
  const who = caller();
  const { page, params } = match(path);
  if (!who && !page.public) {
    const next = path + location.search;
    history.replaceState(null, '', `${base}/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`);
    if (first) rendered = '';
    void render();
    return;
  }
  const main = h('main', { id: 'main', tabindex: '-1' });
  replace(root, ...shell(who, main));
  for (const link of Array.from(root.querySelectorAll<HTMLAnchorElement>('a[data-nav]'))) {
    const target = link.dataset.nav!;
    const current = target === '/' ? path === '/' : path === target || path.startsWith(`${target}/`);
    if (current) link.setAttribute('aria-current', 'page');
  }
  if (page.allowed && who && !page.allowed(who)) {
    main.append(h('h1', { tabindex: '-1' }, page.title), h('p', { role: 'alert', class: 'error' },
      `Your role (${who.role}) may not ${page.title.toLowerCase()}. This page is for ${page.allowedText ?? 'other roles'}.`));
    document.title = `${page.title} · TalentPlatform`;
  } else {
    await page.render(main, { params, query: new URLSearchParams(location.search), who, navigate, isCurrent: () => token === rendering });
  }
  // After a change of page (not on the first load, which starts at the top with the skip link), focus goes to
  // the new page's heading so that a screen reader announces it.
  if (!first && token === rendering && !(document.activeElement instanceof HTMLInputElement)) {
    (main.querySelector<HTMLElement>('h1') ?? main).focus({ preventScroll: false });
  }
}

export function navigate(path: string, replaceEntry = false): void {
  const target = `${base}${path}`;
  if (replaceEntry) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  void render();
}

// Links inside the app change the page without a reload (the key stays in memory and session storage only).
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.target || link.hasAttribute('download') || link.getAttribute('href')?.startsWith('#')) return;
  const href = new URL(link.href, location.href);
  if (href.origin !== location.origin || !href.pathname.startsWith(`${base}/`)) return;
  event.preventDefault();
  navigate(href.pathname.slice(base.length) + href.search);
});
// A fragment link (the skip link) fires popstate too; only a change of page renders again.
window.addEventListener('popstate', () => {
  if (location.pathname + location.search !== rendered) void render();
});

void render();
