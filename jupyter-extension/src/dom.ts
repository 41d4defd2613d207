/** A tiny DOM builder for the panel's views. */

/** Creates an element with a class, attributes and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | ((ev: Event) => void) | undefined> = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** A state message (empty, loading, error) that says what to do. */
export function stateMessage(kind: 'empty' | 'loading' | 'error', text: string): HTMLElement {
  return h('div', { class: `lakebook-state lakebook-state-${kind}`, 'data-state': kind }, text);
}
