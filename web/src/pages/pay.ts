// Pay benchmarks: per level and country, p10–p90 as box and whiskers with n on each cell. A cell Insights has not
// published (too few rows or contributors, one contributor above half, or not yet published as of the date asked) is
// shown as suppressed with the rule it waits on, never as blank or zero. Reported bands and averages are shown apart, each with its FX rate, rate date and source.

import { getJson } from '../api';
import { axisName, axisText, figure, gridLine } from '../charts';
import { h, table } from '../dom';
import { count, money, usdFull, usdShort, words } from '../format';
import type { PageContext } from '../routes';
import type { Band, BenchmarkCell, Benchmarks, ReportedStatistic, UsdFigure } from '../types';
import { claimBadge, field, load, pageHeader, region, select } from '../ui';

const measures = [['total', 'Total (base + bonus + equity per year)'], ['base', 'Base'], ['bonus', 'Bonus'], ['equityPerYear', 'Equity per year'], ['signOn', 'Sign-on (one-off)']] as const;

export async function payPage(main: HTMLElement, context: PageContext): Promise<void> {
  const query = context.query;
  const role = query.get('role') ?? 'ml-engineer';
  const level = query.get('level') ?? '';
  const country = (query.get('country') ?? '').toUpperCase();
  const asOf = query.get('asOf') ?? '';
  const measure = measures.some(([value]) => value === query.get('measure')) ? query.get('measure')! : 'total';
  const controls = h('form', { class: 'controls', method: 'get', 'aria-label': 'Benchmark filters' },
    field({ name: 'role', label: 'Role', value: role, required: true, hint: 'Such as ml-engineer.' }),
    field({ name: 'level', label: 'Level', value: level, hint: 'Such as senior; empty for every level.' }),
    field({ name: 'country', label: 'Country', value: country, hint: 'ISO code such as US or GB; empty for every country.', pattern: '[A-Za-z]{2}' }),
    select({ name: 'measure', label: 'Measure', choices: measures, value: measure }),
    field({ name: 'asOf', label: 'As known on', type: 'date', value: asOf }),
    h('button', { type: 'submit' }, 'Show'));
  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(controls);
    const next = new URLSearchParams();
    for (const name of ['role', 'level', 'country', 'measure', 'asOf']) {
      const value = String(data.get(name) ?? '').trim();
      if (value && !(name === 'measure' && value === 'total')) next.set(name, name === 'country' ? value.toUpperCase() : value);
    }
    context.navigate(`/pay?${next}`);
  });
  const body = region('Pay benchmarks');
  main.append(
    pageHeader('Pay benchmarks', 'What the market pays per level and country: percentiles of market reports and customers\' payroll rows pooled, annualised in US dollars. Cells with too few rows or contributors are suppressed to protect the people behind them.'),
    controls,
    body);
  await load(body, 'the pay benchmarks', () => getJson<Benchmarks>('/api/insights/compensation/benchmarks', { role, level, country, asOf }),
    (answer) => benchmarkView(answer, measure));
}

function cellName(cell: BenchmarkCell, isTotal: boolean): string {
  if (isTotal) return 'All (total)';
  return [cell.level ?? 'any level', cell.country ?? 'any country'].join(' · ');
}

function suppressedWhy(cell: BenchmarkCell): string {
  return `Suppressed: ${cell.suppressedBy ?? 'not published'}`;
}

/** Why a published cell shows no figure for a measure: the rule its rows wait on. */
function measureWhy(cell: BenchmarkCell, measure: string): string {
  return cell.measuresSuppressedBy[measure] ?? 'too few rows';
}

function benchmarkView(answer: Benchmarks, measure: string): HTMLElement[] {
  const all = [...answer.cells.map((cell) => ({ cell, isTotal: false })), { cell: answer.total, isTotal: true }];
  const label = measures.find(([value]) => value === measure)![1];
  const shown = all.map(({ cell, isTotal }) => {
    const set = cell.suppression === 'none' ? cell.measures[measure] ?? null : null;
    return { cell, isTotal, set, name: cellName(cell, isTotal) };
  });
  const categories = shown.map(({ cell, set, name }) => {
    if (cell.suppression !== 'none') return `${name}\nsuppressed`;
    return set ? `${name}\nn = ${count(set.n)}` : `${name}\nn = ${count(cell.n ?? 0)}, no ${words(measure)} published`;
  });
  const boxes = shown.map(({ set }) => {
    if (!set || set.p25 === null || set.p50 === null || set.p75 === null) return '-';
    return [set.p10 ?? set.p25, set.p25, set.p50, set.p75, set.p90 ?? set.p75];
  });
  const suppressedCount = shown.filter(({ cell }) => cell.suppression !== 'none').length;
  const summary = shown.map(({ cell, set, name }) => cell.suppression !== 'none'
    ? `${name}: suppressed`
    : set && set.p50 !== null ? `${name}: median ${usdShort(set.p50)} (n = ${set.n})` : `${name}: n = ${cell.n ?? 0}, no ${words(measure)} published (${measureWhy(cell, measure)})`).join('; ');

  const values = boxes.flatMap((box) => (Array.isArray(box) ? box : [])).filter((value): value is number => typeof value === 'number');
  const hasBoxes = values.length > 0;
  const top = hasBoxes ? Math.max(...values) * 1.05 : 1;
  const chart = figure({
    title: `${label} for ${answer.role}, per level and country`,
    units: `US dollars a year (annualised${measure === 'signOn' ? '; sign-on is one-off and never annualised' : ''}), converted at the FX rate in force on each report's date. Boxes span p25–p75 with the median; whiskers p10–p90 (p25–p75 when n is under the level that shows p10 and p90). n is on each cell.`,
    summary: `${shown.length} cells, ${suppressedCount} suppressed. ${summary}.`,
    height: 400,
    notes: h('p', null, `A cell the privacy rules do not publish (k = ${answer.k}) is suppressed, and drawn as a hatched "suppressed" column, never as zero. `, answer.rules),
    option: {
      legend: { top: 0, textStyle: axisText },
      tooltip: { trigger: 'item' },
      grid: { left: 80, right: 16, top: 40, bottom: 80 },
      xAxis: { type: 'category', data: categories, axisLabel: { ...axisText, interval: 0 } },
      yAxis: { type: 'value', max: hasBoxes ? undefined : 1, ...axisName('US dollars a year', 64), axisLabel: { ...axisText, show: hasBoxes, formatter: (value: number) => usdShort(value) }, splitLine: gridLine },
      series: [
        { type: 'boxplot', name: label, data: boxes },
        {
          type: 'bar', name: 'Suppressed cell', barWidth: '45%', silent: true,
          data: shown.map(({ cell }) => (cell.suppression === 'none' ? '-' : { value: top, label: { show: true, position: 'inside', color: '#1a1a1a', fontSize: 13, formatter: 'suppressed' } })),
          itemStyle: { color: '#eceef1', borderColor: '#4a4a4a', borderType: 'dashed', borderWidth: 1, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 6], rotation: -Math.PI / 4, color: 'rgba(0, 0, 0, 0.18)' } },
        },
      ],
    },
    table: table(
      `${label}, US dollars a year, per cell`,
      ['Cell', 'n', 'p10', 'p25', 'p50 (median)', 'p75', 'p90', 'Shown', 'Payroll rows among n', 'Left out (no FX rate)'],
      shown.map(({ cell, set, name }) => {
        const suppressed = cell.suppression !== 'none';
        const value = (figure: number | null | undefined) => suppressed ? 'suppressed' : figure === null || figure === undefined ? (set ? 'too few rows' : measureWhy(cell, measure)) : usdFull(figure);
        return [
          name,
          suppressed ? 'suppressed' : count(set?.n ?? cell.n ?? 0),
          value(set?.p10), value(set?.p25), value(set?.p50), value(set?.p75), value(set?.p90),
          suppressed ? suppressedWhy(cell) : 'yes',
          suppressed ? 'suppressed' : count(cell.tenantRows ?? 0),
          suppressed ? 'suppressed' : count(cell.excludedUnconverted ?? 0),
        ];
      }),
      { numeric: [1, 2, 3, 4, 5, 6, 8, 9] }),
  });

  const bands = dedupe(shown.flatMap(({ cell, name, isTotal }) => cell.bands.map((band) => ({ band, name, isTotal }))), ({ band }) => `${band.factId}:${band.component}`);
  const statistics = dedupe(shown.flatMap(({ cell, name, isTotal }) => cell.reportedStatistics.map((statistic) => ({ statistic, name, isTotal }))), ({ statistic }) => `${statistic.factId}:${statistic.component}`);
  const rates = dedupe([...bands.map(({ band }) => band.min), ...statistics.map(({ statistic }) => statistic.value)].filter((figure) => figure.currency !== 'USD'), (figure) => `${figure.currency}:${figure.rateOn}`);
  return [chart, reportedFigure(bands, statistics), footnotes(answer.method, rates)];
}

/** Bands and averages someone else reported, drawn apart from the percentiles (never pooled into them). */
function reportedFigure(bands: { band: Band; name: string }[], statistics: { statistic: ReportedStatistic; name: string }[]): HTMLElement {
  if (bands.length === 0 && statistics.length === 0) {
    return h('section', { 'aria-labelledby': 'pay-reported' }, h('h2', { id: 'pay-reported' }, 'Reported bands and averages'), h('p', null, 'None reported for this query.'));
  }
  const rows = [
    ...bands.map(({ band, name }) => ({ category: `${name}: ${words(band.component)} band`, low: band.min.usd, high: band.max.usd, point: null as number | null })),
    ...statistics.map(({ statistic, name }) => ({ category: `${name}: ${words(statistic.component)} ${statistic.kind}`, low: null as number | null, high: null as number | null, point: statistic.value.usd })),
  ];
  const summary = [
    ...bands.map(({ band, name }) => `${name}: ${words(band.component)} band ${money(band.min.amount, band.min.currency)} to ${money(band.max.amount, band.max.currency)} (${converted(band.min)} to ${converted(band.max)})`),
    ...statistics.map(({ statistic, name }) => `${name}: reported ${statistic.kind} ${words(statistic.component)} ${money(statistic.value.amount, statistic.value.currency)}`),
  ].join('; ');
  return figure({
    title: 'Reported bands and averages (shown apart, never pooled into the percentiles)',
    units: 'US dollars a year, each converted at the FX rate in force on its date (rate, date and source in the table view and below).',
    summary,
    height: Math.max(180, 70 + rows.length * 44),
    option: {
      tooltip: { trigger: 'item' },
      legend: { top: 0, textStyle: axisText, data: ['Reported band', 'Reported average or median'] },
      grid: { left: 8, right: 40, top: 36, bottom: 44, containLabel: true },
      xAxis: { type: 'value', ...axisName('US dollars a year'), axisLabel: { ...axisText, formatter: (value: number) => usdShort(value) }, splitLine: gridLine },
      yAxis: { type: 'category', inverse: true, data: rows.map((row) => row.category), axisLabel: axisText },
      series: [
        { type: 'bar', stack: 'band', silent: true, itemStyle: { color: 'transparent', decal: { symbol: 'none' } }, data: rows.map((row) => row.low ?? '-') },
        {
          type: 'bar', stack: 'band', name: 'Reported band', barWidth: 18,
          data: rows.map((row) => (row.low !== null && row.high !== null ? row.high - row.low : '-')),
          label: { show: true, position: 'insideRight', color: '#ffffff', formatter: (params: { dataIndex: number }) => { const row = rows[params.dataIndex]!; return `${usdShort(row.low)} – ${usdShort(row.high)}`; } },
        },
        {
          type: 'scatter', name: 'Reported average or median', symbolSize: 14, symbol: 'diamond',
          data: rows.map((row, i) => (row.point === null ? null : [row.point, i])).filter((point) => point !== null),
          label: { show: true, position: 'right', color: '#1a1a1a', formatter: (params: { value: number[] }) => usdShort(params.value[0]) },
        },
      ],
    },
    table: table(
      'Bands and averages as reported, with their US dollar values',
      ['Cell', 'What', 'As reported', 'In USD', 'Period', 'FX rate used', 'Status', 'Source'],
      [
        ...bands.map(({ band, name }) => [
          name, `${words(band.component)} band`, `${money(band.min.amount, band.min.currency)} – ${money(band.max.amount, band.max.currency)}`,
          `${converted(band.min)} – ${converted(band.max)}`, `${band.period} (${band.annualisation})`, rateText(band.min), claimBadge(band.claimStatus), band.publisher ?? 'not stated',
        ]),
        ...statistics.map(({ statistic, name }) => statisticRow(statistic, name)),
      ],
      { numeric: [2, 3] }),
  });
}

function footnotes(method: string, rates: UsdFigure[]): HTMLElement {
  return h('section', { class: 'footnotes', 'aria-labelledby': 'pay-footnotes' },
    h('h2', { id: 'pay-footnotes' }, 'How these figures were made'),
    h('p', null, `Percentiles: ${method}.`),
    rates.length
      ? [h('p', null, 'FX rates used for the reported figures:'), h('ul', null, rates.map((figure) => h('li', null, `${figure.currency}: ${rateText(figure)}`)))]
      : h('p', null, 'Every reported figure here is in US dollars; no FX rate was needed.'));
}

function statisticRow(statistic: ReportedStatistic, name: string): (string | HTMLElement)[] {
  return [
    name, `${words(statistic.component)} ${statistic.kind}${statistic.sampleSize === null ? '' : ` of ${count(statistic.sampleSize)}`}`,
    money(statistic.value.amount, statistic.value.currency), converted(statistic.value), statistic.annualisation,
    rateText(statistic.value), claimBadge(statistic.claimStatus), statistic.publisher ?? 'not stated',
  ];
}

function converted(figure: UsdFigure): string {
  return figure.usd === null ? `not converted (no ${figure.currency} rate in force)` : usdFull(figure.usd);
}

function rateText(figure: UsdFigure): string {
  if (figure.currency === 'USD') return 'none needed (USD)';
  if (figure.rate === null) return `no ${figure.currency} rate in force: left unconverted`;
  return `${figure.rate} USD per ${figure.currency}, rate of ${figure.rateOn ?? '?'}, source: ${figure.rateSource ?? 'not stated'}`;
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

