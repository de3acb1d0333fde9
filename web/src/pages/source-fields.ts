// The source every claim carries: publisher, address, day published, attribution and status.

import { h } from '../dom';
import { words } from '../format';
import { attributions, claimStatuses } from '../vocabulary';
import { field, fieldset, select } from '../ui';

export function sourceFields(legend = 'Source of the figure'): HTMLFieldSetElement {
  return fieldset(legend,
    h('p', { class: 'hint' }, 'Where the figure comes from. A figure without a source counts as reported.'),
    field({ name: 'source.publisher', label: 'Publisher', hint: 'Such as Reuters, or the company\'s announcement.' }),
    field({ name: 'source.url', label: 'Address of the article', type: 'url', hint: 'https://…' }),
    field({ name: 'source.publishedOn', label: 'Published on', type: 'date' }),
    select({ name: 'source.attribution', label: 'Attribution', choices: attributions.map((value) => [value, words(value)] as const), value: 'company-statement' }),
    select({ name: 'source.status', label: 'Claim status', choices: claimStatuses.map((value) => [value, value] as const), value: 'reported' }));
}

/** The source object from the form's values, or undefined when no publisher was given. */
export function sourceBody(values: Record<string, string>): Record<string, string> | undefined {
  if (!values['source.publisher'] && !values['source.publishedOn'] && !values['source.url']) return undefined;
  const source: Record<string, string> = {};
  for (const name of ['publisher', 'url', 'publishedOn', 'attribution', 'status']) {
    const value = values[`source.${name}`];
    if (value) source[name] = value;
  }
  return source;
}

/** A number typed in a form, or undefined; a text that is not a number is sent as is, for the API to name. */
export function numberOf(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/[,_\s]/g, ''));
  return Number.isFinite(value) ? value : text;
}
