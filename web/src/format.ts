import type { BoundedCount } from './types';
// How figures read: money always with its currency, counts that are minimums with "at least".

const compactUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 });
const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** $14.3B */
export function usdShort(value: number | null | undefined): string {
  return value === null || value === undefined ? 'no USD value' : compactUsd.format(value);
}

/** US$14,300,000,000 */
export function usdFull(value: number | null | undefined): string {
  return value === null || value === undefined ? 'no USD value' : money(value, 'USD');
}

/** An amount in its own currency, as given: "GBP 140,000" style made by Intl (£140,000), with the code when Intl has no symbol. */
export function money(amount: number, currency: string, compact = false): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      currencyDisplay: currency === 'USD' ? 'symbol' : 'code',
      notation: compact ? 'compact' : 'standard',
      minimumFractionDigits: 0,
      maximumFractionDigits: compact ? 2 : 0,
    }).format(amount);
  } catch {
    return `${wholeNumber.format(amount)} ${currency}`;
  }
}

export function count(value: number): string {
  return wholeNumber.format(value);
}

export function number(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : decimal2.format(value);
}

/** A count in words with its bound: "20", "at least 20", "at most −19", or "−19 (could be more or less)" when both sides of a net are minimums. */
export function bounded(count_: BoundedCount, options?: { signed?: boolean }): string {
  const value = options?.signed && count_.value > 0 ? `+${count(count_.value)}` : count(count_.value);
  switch (count_.bound) {
    case 'at-least': return `at least ${value}`;
    case 'at-most': return `at most ${value}`;
    case 'unbounded': return `${value} (could be more or less: both sides are minimums)`;
    default: return value;
  }
}

/** The total of counts: at least its value when any part is (counts of people are never "at most"). */
export function total(counts: readonly BoundedCount[]): BoundedCount {
  return {
    value: counts.reduce((sum, part) => sum + part.value, 0),
    bound: counts.some((part) => part.bound === 'at-least') ? 'at-least' : 'exact',
  };
}

/** "≥ 20", "≤ −19", "~ −19" for charts, where space is short. */
export function boundedShort(count_: BoundedCount): string {
  switch (count_.bound) {
    case 'at-least': return `≥ ${count(count_.value)}`;
    case 'at-most': return `≤ ${count(count_.value)}`;
    case 'unbounded': return `~ ${count(count_.value)}`;
    default: return count(count_.value);
  }
}

/** A wire word (minority-stake, licence-and-hire, equityPerYear) in plain words. */
export function words(value: string | null | undefined): string {
  if (!value) return '';
  return value.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase();
}

export function capitalised(value: string): string {
  return value.length === 0 ? value : value[0]!.toUpperCase() + value.slice(1);
}

/** An instant as a day and time in UTC, which is what the platform records. */
export function instant(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${decimal2.format(value)} %`;
}
