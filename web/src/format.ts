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

/** "at least 20" when the count is a minimum (a group reported as "twenty-plus"). */
export function people(value: number, isMinimum: boolean): string {
  return isMinimum ? `at least ${count(value)}` : count(value);
}

/** "≥ 20" for charts, where space is short. */
export function peopleShort(value: number, isMinimum: boolean): string {
  return isMinimum ? `≥ ${count(value)}` : count(value);
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
