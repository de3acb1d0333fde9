// A small DOM builder: every text goes in as a text node, so nothing an answer contains is ever parsed as HTML.

export type Child = Node | string | number | null | undefined | false | readonly Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** An id unique within the page, for label/field and caption/region pairs. */
let counter = 0;
export function uid(stem: string): string {
  counter += 1;
  return `${stem}-${counter}`;
}

/** A data table with a caption; cells are text or nodes. */
export function table(caption: Child, head: readonly string[], rows: readonly (readonly Child[])[], options?: { numeric?: readonly number[]; rowHeaders?: boolean }): HTMLTableElement {
  const numeric = new Set(options?.numeric ?? []);
  const rowHeaders = options?.rowHeaders ?? true;
  return h('table', null,
    h('caption', null, caption),
    h('thead', null, h('tr', null, head.map((text, i) => h('th', { scope: 'col', class: numeric.has(i) ? 'num' : null }, text)))),
    h('tbody', null, rows.map((row) => h('tr', null, row.map((cell, i) => i === 0 && rowHeaders
      ? h('th', { scope: 'row' }, cell)
      : h('td', { class: numeric.has(i) ? 'num' : null }, cell))))));
}
