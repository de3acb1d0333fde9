// Market overview: weekly market heat (deals announced, people moved, offers made) and the top acquirers.

import { getJson } from '../api';
import { axisName, axisText, figure, gridLine } from '../charts';
import { h, table } from '../dom';
import { count, peopleShort, usdShort } from '../format';
import { nameOf, organizations } from '../names';
import type { PageContext } from '../routes';
import type { LeagueTable, MarketHeat } from '../types';
import { load, pageHeader, region, select } from '../ui';

// "active" asks for the longest window the API serves (260 weeks) and shows it from the first week with activity.
const weekChoices = [['active', 'since the first activity (up to 5 years)'], ['12', 'the last 12 weeks'], ['26', 'the last 26 weeks'], ['52', 'the last 52 weeks'], ['104', 'the last 104 weeks']] as const;
const longest = 260;
const fewest = 12;

export async function overviewPage(main: HTMLElement, context: PageContext): Promise<void> {
  const weeks = weekChoices.some(([value]) => value === context.query.get('weeks')) ? context.query.get('weeks')! : 'active';
  const controls = h('form', { class: 'controls', method: 'get' },
    select({ name: 'weeks', label: 'Period', choices: weekChoices, value: weeks }),
    h('button', { type: 'submit' }, 'Show'));
  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = (controls.elements.namedItem('weeks') as HTMLSelectElement).value;
    context.navigate(chosen === 'active' ? '/' : `/?weeks=${chosen}`);
  });
  const heat = region('Market heat');
  const top = region('Top acquirers');
  main.append(pageHeader('Market overview', 'How busy the AI talent market is, week by week, and who is buying.'), controls, heat, top);

  const known = await organizations();
  await Promise.all([
    load(heat, 'the market heat', () => getJson<MarketHeat>('/api/insights/market-heat', { weeks: weeks === 'active' ? longest : weeks }),
      (answer) => heatFigure(weeks === 'active' ? sinceFirstActivity(answer) : answer)),
    load(top, 'the top acquirers', () => getJson<LeagueTable>('/api/insights/deals/league-table'), (answer) => topAcquirers(answer, (slug) => nameOf(known, slug))),
  ]);
}

/** The weeks from the first with any activity (at least the last few), so quiet years do not squeeze the chart. */
function sinceFirstActivity(answer: MarketHeat): MarketHeat {
  const first = answer.items.findIndex((week) => week.deals + week.people + week.offers > 0);
  const start = Math.max(0, Math.min(first < 0 ? answer.items.length : first, answer.items.length - fewest));
  const items = answer.items.slice(start);
  return { ...answer, weeks: items.length, from: items[0]?.starts ?? answer.from, items };
}

function heatFigure(answer: MarketHeat): HTMLElement {
  const weeks = answer.items;
  const active = weeks.filter((week) => week.deals + week.people + week.offers > 0);
  const totals = {
    deals: weeks.reduce((sum, week) => sum + week.deals, 0),
    people: weeks.reduce((sum, week) => sum + week.people, 0),
    offers: weeks.reduce((sum, week) => sum + week.offers, 0),
    minimum: weeks.some((week) => week.peopleIsMinimum),
  };
  const rows = active.map((week) => [`${week.week} (from ${week.starts})`, count(week.deals), peopleShort(week.people, week.peopleIsMinimum), count(week.offers)]);
  return figure({
    title: `Market heat, ${answer.from} to ${answer.to}`,
    units: 'counts per ISO week (Monday to Sunday): deals announced, people who moved (≥ marks a group reported as a minimum), offers made.',
    summary: `${count(totals.deals)} deals, ${peopleShort(totals.people, totals.minimum)} people moving and ${count(totals.offers)} offers over ${answer.weeks} weeks; ${active.length} weeks had any activity.`,
    height: 340,
    option: {
      legend: { top: 0, textStyle: axisText },
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 16, top: 40, bottom: 64 },
      xAxis: { type: 'category', data: weeks.map((week) => week.week), axisLabel: { ...axisText, rotate: 45 } },
      yAxis: { type: 'value', ...axisName('count per week', 36), minInterval: 1, axisLabel: axisText, splitLine: gridLine },
      series: [
        { name: 'Deals announced', type: 'bar', data: weeks.map((week) => week.deals) },
        {
          name: 'People moved', type: 'bar',
          data: weeks.map((week) => ({ value: week.people, label: { show: week.peopleIsMinimum, formatter: `≥ ${week.people}`, position: 'top', color: '#1a1a1a' } })),
        },
        { name: 'Offers made', type: 'bar', data: weeks.map((week) => week.offers) },
      ],
    },
    table: table(
      `Weeks with activity (${active.length} of ${answer.weeks}; the others had none)`,
      ['Week', 'Deals announced', 'People moved', 'Offers made'],
      rows,
      { numeric: [1, 2, 3] }),
  });
}

function topAcquirers(answer: LeagueTable, name: (slug: string) => string): HTMLElement {
  const top = answer.items.slice(0, 5);
  return h('section', { class: 'card', 'aria-labelledby': 'top-acquirers' },
    h('h2', { id: 'top-acquirers' }, 'Top acquirers'),
    h('p', { class: 'units' }, 'Units: total value of announced and closed deals in US dollars, each converted at the rate on its announcement day.'),
    top.length === 0
      ? h('p', null, 'No announced or closed deals yet.')
      : h('ol', { class: 'top-list' }, top.map((row) => h('li', null,
        h('a', { href: `/app/deals?acquirer=${encodeURIComponent(row.acquirer)}` }, name(row.acquirer)),
        `: ${usdShort(row.totalValueUsd)} over ${count(row.dealCount)} deal${row.dealCount === 1 ? '' : 's'}`,
        row.dealsWithoutUsdValue > 0 ? ` (${row.dealsWithoutUsdValue} without a USD value, not summed)` : ''))),
    h('p', null, h('a', { href: '/app/deals' }, 'The whole league table')));
}
