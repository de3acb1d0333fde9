// Deals: the acquirers' league table as a bar chart, with date range, roll-up and as-of controls; each
// acquirer's deals (with the FX rate behind each dollar figure) one click away, each deal linking to its page.

import { getJson } from '../api';
import { axisName, axisText, figure, gridLine } from '../charts';
import { append, h, replace, table } from '../dom';
import { count, money, usdFull, usdShort, words } from '../format';
import { nameOf, organizations } from '../names';
import type { PageContext } from '../routes';
import type { Deal, LeagueTable, LeagueTableFact, LeagueTableRow, Organization, Page } from '../types';
import { checkbox, claimBadge, field, load, pageHeader, region } from '../ui';

const dateHint = 'A day, such as 2025-06-01.';

export async function leagueTablePage(main: HTMLElement, context: PageContext): Promise<void> {
  const query = context.query;
  const filters = {
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    asOf: query.get('asOf') ?? '',
    rollUp: query.get('rollUp') === 'true',
    acquirer: query.get('acquirer') ?? '',
  };
  const controls = h('form', { class: 'controls', method: 'get', 'aria-label': 'League table filters' },
    field({ name: 'from', label: 'Announced from', type: 'date', value: filters.from, hint: dateHint }),
    field({ name: 'to', label: 'Announced to', type: 'date', value: filters.to, hint: dateHint }),
    field({ name: 'asOf', label: 'As known on', type: 'date', value: filters.asOf, hint: 'Show the table as the platform knew it on that day.' }),
    checkbox({ name: 'rollUp', label: 'Roll subsidiaries up to their parent', checked: filters.rollUp }),
    h('button', { type: 'submit' }, 'Show'));
  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(controls);
    const next = new URLSearchParams();
    for (const name of ['from', 'to', 'asOf']) {
      const value = String(data.get(name) ?? '').trim();
      if (value) next.set(name, value);
    }
    if (data.get('rollUp')) next.set('rollUp', 'true');
    if (filters.acquirer) next.set('acquirer', filters.acquirer);
    context.navigate(`/deals${next.size ? `?${next}` : ''}`);
  });

  const chart = region('League table');
  const deals = region('Deals of one acquirer');
  append(main, [
    pageHeader('Deals', 'Acquirers ranked by the value of their announced and closed deals. Rumoured and cancelled deals are left out; a value with no FX rate in force is counted but never summed as if it were dollars.'),
    controls,
    filters.acquirer ? h('p', null, `Showing ${filters.acquirer} only. `, h('a', { href: '/app/deals' }, 'Show every acquirer')) : null,
    chart,
    deals]);

  const known = await organizations();
  const answer = await load(chart, 'the league table', () => getJson<LeagueTable>('/api/insights/deals/league-table', {
    from: filters.from, to: filters.to, asOf: filters.asOf, rollUp: filters.rollUp ? 'true' : '', acquirer: filters.acquirer,
  }), (table) => leagueFigure(table, known, (row) => void showDeals(deals, row, known)));
  const shown = answer?.items.find((row) => row.acquirer === filters.acquirer) ?? (answer?.items.length === 1 ? answer.items[0] : undefined);
  if (shown) await showDeals(deals, shown, known);
}

function leagueFigure(answer: LeagueTable, known: Map<string, Organization>, onSelect: (row: LeagueTableRow) => void): HTMLElement {
  const rows = answer.items;
  if (rows.length === 0) {
    return h('p', null, 'No announced or closed deals match these filters.');
  }
  const shown = rows.slice(0, 20);
  const label = (row: LeagueTableRow) => nameOf(known, row.acquirer);
  const scope = [
    answer.from || answer.to ? `announced ${answer.from ?? 'any time'} to ${answer.to ?? 'today'}` : 'all announcement days',
    answer.rolledUp ? 'subsidiaries rolled up to their parents' : null,
    answer.asOf ? `as known on ${answer.asOf.slice(0, 10)}` : null,
  ].filter(Boolean).join('; ');
  const leader = rows[0]!;
  return figure({
    title: 'Acquirers by total deal value',
    units: 'US dollars; each deal converted at the FX rate in force on its announcement day (rate, date and source listed with each deal).',
    summary: `${rows.length} acquirer${rows.length === 1 ? '' : 's'} (${scope}). ${label(leader)} leads with ${usdShort(leader.totalValueUsd)} over ${count(leader.dealCount)} deal${leader.dealCount === 1 ? '' : 's'}.`,
    height: Math.max(200, 60 + shown.length * 34),
    notes: h('p', null, `Scope: ${scope}. Select a bar, or an acquirer in the table view, to list its deals.`),
    option: {
      tooltip: { trigger: 'item', formatter: (params: { dataIndex: number }) => {
        const row = shown[params.dataIndex]!;
        return `${label(row)}: ${usdFull(row.totalValueUsd)} (${row.dealCount} deals${row.dealsWithoutUsdValue ? `, ${row.dealsWithoutUsdValue} without a USD value` : ''})`;
      } },
      grid: { left: 8, right: 72, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: 'value', ...axisName('US dollars'), axisLabel: { ...axisText, formatter: (value: number) => usdShort(value) }, splitLine: gridLine },
      yAxis: { type: 'category', inverse: true, data: shown.map(label), axisLabel: axisText },
      series: [{
        type: 'bar',
        name: 'Total deal value (USD)',
        cursor: 'pointer',
        data: shown.map((row) => row.totalValueUsd),
        label: { show: true, position: 'right', color: '#1a1a1a', formatter: (params: { value: number }) => usdShort(params.value) },
      }],
    },
    onClick: (params) => {
      const row = params.dataIndex === undefined ? undefined : shown[params.dataIndex];
      if (row) onSelect(row);
    },
    table: table(
      'Acquirers by total deal value (US dollars)',
      ['Acquirer', 'Total value (USD)', 'Deals', 'Without a USD value', 'By type', 'Deals of this acquirer'],
      rows.map((row) => [
        label(row),
        usdFull(row.totalValueUsd),
        count(row.dealCount),
        count(row.dealsWithoutUsdValue),
        Object.entries(row.countsByType).map(([type, n]) => `${words(type)}: ${n}`).join(', '),
        h('button', { type: 'button', class: 'link-button', onclick: () => onSelect(row) }, `List ${label(row)}'s deals`),
      ]),
      { numeric: [1, 2, 3] }),
  });
}

async function showDeals(into: HTMLElement, row: LeagueTableRow, known: Map<string, Organization>): Promise<void> {
  const name = nameOf(known, row.acquirer);
  const heading = h('h2', { tabindex: '-1' }, `Deals of ${name}`);
  if (Array.isArray(row.facts)) {
    replace(into, heading, factsTable(row.facts, known));
  } else {
    // The table names no deals (or links to them): the Deals API lists the acquirer's deals instead.
    await load(into, `the deals of ${name}`,
      () => getJson<Page<Deal>>('/api/deals', { organization: row.acquirer, pageSize: 50 }),
      (page) => [heading, dealsTable(page.items.filter((deal) => deal.acquirer === row.acquirer), known)]);
  }
  into.querySelector<HTMLElement>('h2')?.focus();
}

function factsTable(facts: LeagueTableFact[], known: Map<string, Organization>): HTMLTableElement {
  return table(
    'Deals counted in the row, largest first; US dollar values with the FX rate used',
    ['Deal', 'Type', 'Status', 'Announced', 'Value as recorded', 'Value (USD)', 'FX rate used', 'Claim status'],
    facts.map((fact) => [
      h('a', { href: `/app/deals/${fact.dealId}` }, `${nameOf(known, fact.acquirer)} – ${nameOf(known, fact.target)}`),
      words(fact.type),
      fact.status,
      fact.announcedOn ?? '—',
      fact.value ? money(fact.value.amount, fact.value.currency) : 'no value recorded',
      fact.value ? (fact.value.usd === null ? `not converted: no ${fact.value.currency} rate in force` : usdFull(fact.value.usd)) : '—',
      fact.value ? rate(fact.value) : '—',
      fact.claimStatus ? claimBadge(fact.claimStatus) : '—',
    ]),
    { numeric: [4, 5] });
}

function dealsTable(deals: Deal[], known: Map<string, Organization>): HTMLTableElement {
  return table(
    'Deals where the organization is the acquirer, latest recorded first',
    ['Deal', 'Type', 'Status', 'Announced', 'Current value', 'Claim status'],
    deals.map((deal) => [
      h('a', { href: `/app/deals/${deal.id}` }, `${nameOf(known, deal.acquirer)} – ${nameOf(known, deal.target)}`),
      words(deal.type),
      deal.status,
      deal.announcedOn ?? '—',
      deal.value ? money(deal.value.amount, deal.value.currency) : 'no value recorded',
      deal.value ? claimBadge(deal.value.claimStatus) : '—',
    ]),
    { numeric: [4] });
}

export function rate(figure: { currency: string; rate: number | null; rateOn: string | null; rateSource: string | null }): string {
  if (figure.currency === 'USD') return 'none needed (USD)';
  if (figure.rate === null) return `no ${figure.currency} rate in force`;
  return `${figure.rate} USD per ${figure.currency} on ${figure.rateOn ?? '?'} (${figure.rateSource ?? 'source not stated'})`;
}
