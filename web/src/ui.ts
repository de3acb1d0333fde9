// Shared pieces of every page: loading and error states in words, form fields with labels and errors.

import { ApiError, describe } from './api';
import { h, uid, type Child } from './dom';

/** A region that announces what it shows: "Loading …" while busy, then the content or the error. */
export function region(label: string): HTMLElement {
  return h('section', { 'aria-label': label, 'aria-live': 'polite', class: 'region', 'data-state': 'waiting' });
}

export function loading(what: string): HTMLElement {
  return h('p', { role: 'status', class: 'loading' }, `Loading ${what}…`);
}

/** An error box in words, naming the status; a 401 offers to sign in again. */
export function errorBox(error: unknown, doing: string): HTMLElement {
  const { title, detail } = describe(error, doing);
  const signIn = error instanceof ApiError && error.status === 401
    ? h('p', null, h('a', { href: '/app/sign-in' }, 'Sign in again'))
    : null;
  return h('div', { role: 'alert', class: 'error' }, h('p', { class: 'error-title' }, title), detail ? h('p', null, detail) : null, signIn);
}

/** Runs a load into a region: the loading text first, then what render makes of the answer, or the error. */
export async function load<T>(into: HTMLElement, what: string, fetch: () => Promise<T>, render: (value: T) => Child): Promise<T | undefined> {
  // data-state (loading, shown, failed) lets a test wait for the outcome rather than for time to pass.
  into.setAttribute('aria-busy', 'true');
  into.dataset.state = 'loading';
  into.replaceChildren(loading(what));
  try {
    const value = await fetch();
    into.replaceChildren();
    const content = render(value);
    if (content instanceof Node) into.append(content);
    else if (Array.isArray(content)) for (const item of content.flat(3)) { if (item instanceof Node) into.append(item); else if (item !== null && item !== undefined && item !== false) into.append(String(item)); }
    else if (content !== null && content !== undefined && content !== false) into.append(String(content));
    into.dataset.state = 'shown';
    return value;
  } catch (error) {
    into.replaceChildren(errorBox(error, `load ${what}`));
    into.dataset.state = 'failed';
    return undefined;
  } finally {
    into.removeAttribute('aria-busy');
  }
}

export function pageHeader(title: string, ...intro: Child[]): HTMLElement {
  document.title = `${title} · TalentPlatform`;
  return h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title), intro.length ? h('p', { class: 'intro' }, intro) : null);
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: string;
  value?: string;
  required?: boolean;
  hint?: string;
  placeholder?: string;
  list?: string;
  min?: string;
  max?: string;
  step?: string;
  pattern?: string;
  autocomplete?: string;
  inputmode?: string;
}

/** A labelled input with an optional hint and a slot for the API's error on that field (aria-describedby). */
export function field(options: FieldOptions): HTMLElement {
  const id = uid(options.name.replace(/\W/g, '-'));
  const hintId = options.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = h('input', {
    id,
    name: options.name,
    type: options.type ?? 'text',
    value: options.value ?? null,
    required: options.required ?? false,
    placeholder: options.placeholder ?? null,
    list: options.list ?? null,
    min: options.min ?? null,
    max: options.max ?? null,
    step: options.step ?? null,
    pattern: options.pattern ?? null,
    autocomplete: options.autocomplete ?? 'off',
    inputmode: options.inputmode ?? null,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  });
  return h('div', { class: 'field', 'data-field': options.name },
    h('label', { for: id }, options.label, options.required ? h('span', { class: 'required' }, ' (required)') : null),
    input,
    hintId ? h('p', { id: hintId, class: 'hint' }, options.hint) : null,
    h('p', { id: errorId, class: 'field-error', hidden: true }));
}

export function select(options: { name: string; label: string; choices: readonly (readonly [string, string])[]; value?: string; hint?: string; required?: boolean }): HTMLElement {
  const id = uid(options.name.replace(/\W/g, '-'));
  const hintId = options.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  return h('div', { class: 'field', 'data-field': options.name },
    h('label', { for: id }, options.label),
    h('select', { id, name: options.name, required: options.required ?? false, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') },
      options.choices.map(([value, text]) => h('option', { value, selected: value === options.value }, text))),
    hintId ? h('p', { id: hintId, class: 'hint' }, options.hint) : null,
    h('p', { id: errorId, class: 'field-error', hidden: true }));
}

export function checkbox(options: { name: string; label: string; checked?: boolean; hint?: string }): HTMLElement {
  const id = uid(options.name);
  const hintId = options.hint ? `${id}-hint` : null;
  return h('div', { class: 'field checkbox', 'data-field': options.name },
    h('input', { id, name: options.name, type: 'checkbox', checked: options.checked ?? false, 'aria-describedby': hintId }),
    h('label', { for: id }, options.label),
    hintId ? h('p', { id: hintId, class: 'hint' }, options.hint) : null);
}

export function fieldset(legend: string, ...children: Child[]): HTMLFieldSetElement {
  return h('fieldset', null, h('legend', null, legend), children);
}

/** Values of a form's named controls, trimmed; empty ones left out. Checkboxes give "true" or nothing. */
export function values(form: HTMLFormElement): Record<string, string> {
  const result: Record<string, string> = {};
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) || !element.name) continue;
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      if (element.checked) result[element.name] = element.type === 'checkbox' ? 'true' : element.value;
      continue;
    }
    if (element instanceof HTMLInputElement && element.type === 'file') continue;
    const value = element.value.trim();
    if (value !== '') result[element.name] = value;
  }
  return result;
}

/**
 * Shows a 400's field errors beside the fields they name (the API names fields as the body does: value.amount,
 * source.publishedOn); errors for fields the form does not have are listed in the summary.
 */
export function showFieldErrors(form: HTMLFormElement, error: unknown, fieldNames: Record<string, string> = {}): string[] {
  clearFieldErrors(form);
  const unplaced: string[] = [];
  if (!(error instanceof ApiError) || !error.problem.errors) return unplaced;
  let first: HTMLElement | null = null;
  for (const [name, messages] of Object.entries(error.problem.errors)) {
    const formName = fieldNames[name] ?? name;
    const container = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(formName)}"]`);
    const slot = container?.querySelector<HTMLElement>('.field-error');
    const control = container?.querySelector<HTMLElement>('input, select, textarea');
    if (slot && control) {
      slot.textContent = `${messages.join(' ')} (${name})`;
      slot.hidden = false;
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    } else {
      unplaced.push(`${name}: ${messages.join(' ')}`);
    }
  }
  first?.focus();
  return unplaced;
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const slot of Array.from(form.querySelectorAll<HTMLElement>('.field-error'))) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const control of Array.from(form.querySelectorAll('[aria-invalid]'))) control.removeAttribute('aria-invalid');
}

/** Where a form says how its submission went. */
export function outcome(): HTMLElement {
  return h('div', { class: 'outcome', 'aria-live': 'polite' });
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** A link to a page of the app. */
export function link(href: string, ...text: Child[]): HTMLAnchorElement {
  return h('a', { href }, text);
}

/** A source's publisher, linked when it has a URL (opened with no referrer). */
export function sourceLink(publisher: string | null | undefined, href: string | null | undefined): Child {
  if (!publisher) return 'no source given';
  if (!href) return publisher;
  try {
    const parsed = new URL(href);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return publisher;
  } catch {
    return publisher;
  }
  return h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, publisher, h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'));
}

export function claimBadge(status: string | null | undefined): HTMLElement {
  const text = status ?? 'unknown';
  return h('span', { class: `badge badge-${text}` }, text);
}
