// Small DOM and formatting helpers shared by the views.

/** Builds an element: h('a', {href: '#/'}, 'text', child). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      e.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      e.className = v;
    } else if (k === 'style') {
      e.style.cssText = v; // through the CSSOM: the page's CSP forbids style attributes
    } else if (v === true) {
      e.setAttribute(k, '');
    } else {
      e.setAttribute(k, v);
    }
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) {
      e.append(c instanceof Node ? c : String(c));
    }
  }
  return e;
}

/** Says something to screen readers (and shows nothing). */
export function announce(text) {
  const s = document.getElementById('status');
  s.textContent = '';
  setTimeout(() => { s.textContent = text; }, 30);
}

/** Shows an API error (or any error) in the alert region. */
export function showError(error, what) {
  const box = document.getElementById('alert');
  box.replaceChildren(
    h('strong', {}, what ? `${what} failed:` : 'Error:'),
    h('span', {}, error?.message || String(error)),
    h('button', { type: 'button', class: 'secondary', onclick: clearError }, 'Dismiss'),
  );
  box.hidden = false;
}

export function clearError() {
  const box = document.getElementById('alert');
  box.hidden = true;
  box.replaceChildren();
}

/** Runs an action from a button: disabled while it runs, errors shown, success announced. */
export async function act(button, what, fn, done) {
  if (button) {
    button.disabled = true;
  }
  try {
    const result = await fn();
    clearError();
    announce(done || `${what}: submitted.`);
    return result;
  } catch (e) {
    showError(e, what);
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}

/** A yes/no question in a modal dialog. */
export function confirmDialog(text, ok = 'OK') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = ok;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

const KINDS = {
  Running: 'ok', Completed: 'ok', Committed: 'ok', Available: 'ok', Active: 'ok', Succeeded: 'ok',
  PowerOff: 'off', Stopped: 'off', Saved: 'off', Cancelled: 'off', RolledBack: 'off', Scheduled: 'off',
  Paused: 'warn', AwaitingCutover: 'warn', Suspended: 'warn', Missing: 'warn',
  Failed: 'bad', CreationFailed: 'bad',
};

/** A status as text with a shape and colour (the text carries the meaning). */
export function badge(status, text) {
  return h('span', { class: `badge ${KINDS[status] || 'busy'}` }, text || status);
}

/** A progress bar with its value in text. */
export function progress(value, label) {
  const v = Math.max(0, Math.min(100, Math.round(value || 0)));
  return h('div', { class: 'progress' },
    h('div', { class: 'track', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-valuenow': String(v), 'aria-label': label || 'Progress' },
    h('div', { class: 'fill', style: `width:${v}%` })),
    h('span', { class: 'pct' }, `${v} %`));
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '–';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

export function memory(mb) {
  return mb >= 1024 ? `${(mb / 1024).toFixed(mb % 1024 ? 1 : 0)} GB` : `${mb} MB`;
}

export function time(iso) {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '–';
  }
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Repeats fn every ms until stopped (the next run starts when the last one ended). */
export function poll(fn, ms) {
  let stopped = false;
  let timer = null;
  const run = async () => {
    if (stopped) {
      return;
    }
    try {
      await fn();
    } catch (e) {
      if (!stopped) {
        showError(e, 'Refresh');
      }
    }
    if (!stopped) {
      timer = setTimeout(run, ms);
    }
  };
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** A table with a caption, headers and rows (arrays of cells). */
export function table(caption, headers, rows, empty = 'Nothing to show.') {
  if (!rows.length) {
    return h('p', { class: 'muted' }, empty);
  }
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

/** A labelled form field. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const parts = [h('label', { for: id }, label), control];
  if (hint) {
    const hid = `${id}-hint`;
    control.setAttribute('aria-describedby', hid);
    parts.push(h('span', { class: 'hint', id: hid }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

/**
 * Replaces a live region's content without losing the user's place: the element with focus and
 * every open <details>, found again by their data-key, get their focus and open state back.
 */
export function refill(container, ...nodes) {
  const active = container.contains(document.activeElement) ? document.activeElement?.dataset.key : null;
  const open = new Set([...container.querySelectorAll('details[open][data-key]')].map((d) => d.dataset.key));
  container.replaceChildren(...nodes);
  for (const d of container.querySelectorAll('details[data-key]')) {
    d.open = open.has(d.dataset.key);
  }
  if (active) {
    container.querySelector(`[data-key="${CSS.escape(active)}"]`)?.focus();
  }
}

/** fn, made safe to call without awaiting it: a failure is shown in the alert region, never lost. */
export function safely(fn, what = 'Refresh') {
  return (...args) => Promise.resolve().then(() => fn(...args)).catch((e) => showError(e, what));
}
