import { h } from '../dom';
import { pageHeader } from '../ui';

export function notFoundPage(main: HTMLElement): void {
  main.append(pageHeader('Page not found'), h('p', null, 'There is no such page. ', h('a', { href: '/app/' }, 'Go to the market overview'), '.'));
}
