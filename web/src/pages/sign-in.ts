// Sign in with an API key typed once: checked with GET /api/me, then kept in this tab's session storage only.

import { getJson } from '../api';
import { h } from '../dom';
import type { PageContext } from '../routes';
import { signIn, type Caller } from '../session';
import { errorBox, field, pageHeader } from '../ui';

export function signInPage(main: HTMLElement, context: PageContext): void {
  const message = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'sign-in', method: 'post', novalidate: true },
    field({ name: 'apiKey', label: 'API key', type: 'password', required: true, autocomplete: 'off', hint: 'The key your administrator issued (it starts with tp_). It is kept in this browser tab only, sent in a header to this site\'s API and never in an address, and forgotten when you sign out or close the tab.' }),
    h('button', { type: 'submit' }, 'Sign in'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = form.querySelector<HTMLInputElement>('input[name="apiKey"]')!;
    const key = input.value.trim();
    if (!key) {
      message.replaceChildren(h('p', { role: 'alert', class: 'error' }, 'Enter your API key.'));
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('button')!;
    button.disabled = true;
    message.replaceChildren(h('p', { role: 'status' }, 'Checking the key…'));
    try {
      const who = await getJson<Caller>('/api/me', undefined, { key });
      signIn(key, who);
      input.value = '';
      const next = context.query.get('next');
      context.navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
    } catch (error) {
      message.replaceChildren(errorBox(error, 'sign in'));
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  main.append(pageHeader('Sign in', 'TalentPlatform shows who moved where, under which deal, for how much, and what the market pays — every figure with its sources.'), form);
}
