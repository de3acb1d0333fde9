// Talent versus compute: the largest packages and deal values as multiples of AI model training costs and in
// years of a reference salary, every figure with its claim status and source.

import { getJson } from '../api';
import { axisName, axisText, figure, gridLine } from '../charts';
import { h, table } from '../dom';
import { count, money, number, usdFull, usdShort, words } from '../format';
import { isId, nameOf, organizations, personName } from '../names';
import type { PageContext } from '../routes';
import type { TalentPrice, TalentVsCompute } from '../types';
import { claimBadge, load, pageHeader, region, select, sourceLink } from '../ui';

export async function computePage(main: HTMLElement, context: PageContext): Promise<void> {
  const baseline = context.query.get('baseline') ?? '';
  const body = region('Talent versus compute');
  main.append(
    pageHeader('Talent vs compute', 'What the market pays for people, set against what it costs to train a frontier model and against years of an engineer\'s salary.'),
    body);
  const known = await organizations();
  const people = new Map<string, string>();
  await load(body, 'talent versus compute', async () => {
    const answer = await getJson<TalentVsCompute>('/api/insights/talent-vs-compute', { baseline });
    // An offer names its candidate by People id (or as a group, such as "OpenAI staff").
    await Promise.all(answer.items.filter((item) => isId(item.counterparty)).map(async (item) => {
      const name = await personName(item.counterparty);
      if (name) people.set(item.counterparty, name);
    }));
    return answer;
  }, (answer) => computeView(answer, (slug) => people.get(slug) ?? nameOf(known, slug), context));
}

function itemName(item: TalentPrice, name: (slug: string) => string): string {
  return `${name(item.organization)} → ${name(item.counterparty)} (${item.kind})`;
}

function computeView(answer: TalentVsCompute, name: (slug: string) => string, context: PageContext): HTMLElement[] {
  const baseline = answer.models.find((model) => model.ratioToBaseline === 1) ?? answer.models.find((model) => model.model === answer.baseline) ?? null;
  const baselineName = baseline?.model ?? answer.baseline ?? 'the baseline model';
  const controls = h('form', { class: 'controls', method: 'get', 'aria-label': 'Baseline model' },
    select({ name: 'baseline', label: 'Compare with the training cost of', choices: answer.models.map((model) => [model.model, `${model.model} (${model.year})`] as const), value: baselineName }),
    h('button', { type: 'submit' }, 'Compare'));
  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate(`/compute?baseline=${encodeURIComponent((controls.elements.namedItem('baseline') as HTMLSelectElement).value)}`);
  });

  const models = figure({
    title: 'What it cost to train each model',
    units: `US dollars (training cost as currently claimed), and the multiple of ${baselineName}'s cost.`,
    summary: answer.models.map((model) => `${model.model} (${model.year}): ${usdShort(model.cost.usd)}, ${number(model.ratioToBaseline)} × ${baselineName}`).join('; '),
    height: Math.max(200, 60 + answer.models.length * 40),
    option: {
      grid: { left: 8, right: 120, top: 8, bottom: 40, containLabel: true },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', ...axisName('US dollars'), axisLabel: { ...axisText, formatter: (value: number) => usdShort(value) }, splitLine: gridLine },
      yAxis: { type: 'category', inverse: true, data: answer.models.map((model) => `${model.model} (${model.year})`), axisLabel: axisText },
      series: [{
        type: 'bar', name: 'Training cost (USD)',
        data: answer.models.map((model) => model.cost.usd ?? 0),
        label: { show: true, position: 'right', color: '#1a1a1a', formatter: (params: { dataIndex: number }) => {
          const model = answer.models[params.dataIndex]!;
          return `${usdShort(model.cost.usd)} · ${number(model.ratioToBaseline)}×`;
        } },
      }],
    },
    table: table(
      'Model training costs, with their sources',
      ['Model', 'Organization', 'Year', 'Cost (USD)', `× ${baselineName}`, 'Status', 'Source', 'Published', 'Competing claims'],
      answer.models.map((model) => [
        model.model, name(model.organization), String(model.year),
        model.cost.currency === 'USD' ? usdFull(model.cost.usd) : `${money(model.cost.amount, model.cost.currency)} = ${usdFull(model.cost.usd)}`,
        number(model.ratioToBaseline), claimBadge(model.claimStatus), sourceLink(model.source.publisher, model.source.url), model.source.publishedOn, count(model.competingClaims),
      ]),
      { numeric: [3, 4, 8] }),
  });

  const ratioTo = (item: TalentPrice) => item.ratios.find((ratio) => ratio.model === baselineName)?.value ?? null;
  const reference = answer.referencePay;
  const prices = figure({
    title: `Packages and deals as multiples of ${baselineName}'s training cost`,
    units: `multiples of ${baselineName}'s training cost (${baseline ? usdShort(baseline.cost.usd) : 'not recorded'}); amounts in US dollars. "Up to" marks a maximum someone reported.`,
    summary: answer.items.map((item) => `${itemName(item, name)}: ${item.upTo ? 'up to ' : ''}${usdShort(item.amount.usd)}, ${number(ratioTo(item))} × ${baselineName}`).join('; '),
    height: Math.max(220, 60 + answer.items.length * 40),
    option: {
      grid: { left: 8, right: 80, top: 8, bottom: 40, containLabel: true },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', ...axisName(`multiples of ${baselineName}'s training cost`), axisLabel: axisText, splitLine: gridLine },
      yAxis: { type: 'category', inverse: true, data: answer.items.map((item) => itemName(item, name)), axisLabel: { ...axisText, width: 260, overflow: 'truncate' } },
      series: [{
        type: 'bar', name: `× ${baselineName}`,
        data: answer.items.map((item) => ratioTo(item) ?? 0),
        label: { show: true, position: 'right', color: '#1a1a1a', formatter: (params: { dataIndex: number }) => `${number(ratioTo(answer.items[params.dataIndex]!))}×` },
      }],
    },
    // A deal's bar opens the deal with its claims and sources (the table view links it too).
    onClick: (params) => {
      const item = params.dataIndex === undefined ? undefined : answer.items[params.dataIndex];
      if (item?.kind === 'deal') context.navigate(`/deals/${item.id}`);
    },
    table: table(
      'Packages and deal values against training costs and a reference salary',
      ['What', 'Amount (USD)', 'Per year', ...answer.models.map((model) => `× ${model.model}`), 'Years of reference pay', 'Status', 'Source'],
      answer.items.map((item) => [
        item.kind === 'deal' ? h('a', { href: `/app/deals/${item.id}` }, itemName(item, name)) : itemName(item, name),
        `${item.upTo ? 'up to ' : ''}${item.amount.currency === 'USD' ? usdFull(item.amount.usd) : `${money(item.amount.amount, item.amount.currency)} = ${usdFull(item.amount.usd)}`}`,
        item.annualised ? `${usdFull(item.annualised.perYear)} over ${item.annualised.years} years` : 'one-off',
        ...answer.models.map((model) => number(item.ratios.find((ratio) => ratio.model === model.model)?.value)),
        number(item.yearsOfReferencePay),
        claimBadge(item.claimStatus),
        item.publisher,
      ]),
      { numeric: [1, 2, ...answer.models.map((_, i) => i + 3), answer.models.length + 3] }),
  });

  return [
    controls,
    models,
    h('section', { class: 'card', 'aria-labelledby': 'reference-pay' },
      h('h2', { id: 'reference-pay' }, 'The reference salary'),
      reference
        ? h('p', null, `A year of a ${words(reference.level)} ${words(reference.role)} in ${reference.country}: ${usdFull(reference.annualBase.usd)} base `, claimBadge(reference.claimStatus), ` (${reference.publisher ?? 'source not stated'}). "Years of reference pay" divides each amount by it.`)
        : h('p', null, 'No reference salary is on record, so amounts are not shown in years of pay.')),
    prices,
  ];
}
