// The portal's shell: session, navigation bar and hash routes. Each view renders into <main> and
// returns a function that stops what it started (its live refresh).
import { session } from './api.js';
import { h, clearError, showError } from './ui.js';
import { loadSubscriptions, migrationTarget, subscription, forget } from './subs.js';
import signinView from './views/signin.js';
import subscriptionsView from './views/subscriptions.js';
import vmsView from './views/vms.js';
import vmView from './views/vm.js';
import createView from './views/create.js';
import jobsView from './views/jobs.js';
import migrationsView from './views/migrations.js';
import operatorView from './views/operator.js';

const routes = [
  [/^#\/signin$/, signinView, false],
  [/^#\/subscriptions$/, subscriptionsView, true],
  [/^#\/s\/([\w-]+)\/vms$/, vmsView, true],
  [/^#\/s\/([\w-]+)\/vm\/([\w-]+)\/([\w-]+)(?:\/(\w+))?$/, vmView, true],
  [/^#\/s\/([\w-]+)\/create$/, createView, true],
  [/^#\/s\/([\w-]+)\/jobs$/, jobsView, true],
  [/^#\/s\/([\w-]+)\/migrations$/, migrationsView, true],
  [/^#\/operator$/, operatorView, true],
];

let stop = null;

async function route() {
  if (stop) {
    stop();
    stop = null;
  }
  clearError();
  const hash = location.hash || '#/';
  const s = session.get();
  if (!s && hash !== '#/signin') {
    location.replace('#/signin');
    return;
  }
  if (hash === '#/') {
    location.replace(s.admin ? '#/operator' : '#/subscriptions');
    return;
  }
  const main = document.getElementById('main');
  for (const [pattern, view, signedIn] of routes) {
    const m = hash.match(pattern);
    if (!m) {
      continue;
    }
    main.replaceChildren();
    await chrome(signedIn ? s : null, hash.startsWith('#/s/') ? m[1] : null, hash);
    try {
      stop = (await view(main, ...m.slice(1))) || null;
    } catch (e) {
      showError(e, 'Loading the page');
    }
    const heading = main.querySelector('h1');
    if (heading && !main.contains(document.activeElement)) {
      heading.setAttribute('tabindex', '-1');
      heading.focus(); // a new page: keyboard and screen reader users start at its heading
    }
    return;
  }
  main.replaceChildren(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Go to the start page')));
}

/** The navigation bar and the signed-in user, for the current subscription. */
async function chrome(s, subId, hash) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!s) {
    nav.hidden = true;
    who.replaceChildren();
    return;
  }
  const links = [];
  let picker = null;
  if (s.admin) {
    links.push(['#/operator', 'Operator']);
  } else if (subId) {
    const sub = await subscription(subId).catch(() => null);
    links.push([`#/s/${subId}/vms`, 'Virtual machines'], [`#/s/${subId}/create`, 'Create'],
      [`#/s/${subId}/jobs`, 'Jobs']);
    if (sub && await migrationTarget(sub)) {
      links.push([`#/s/${subId}/migrations`, 'Migrations']);
    }
    const subs = await loadSubscriptions().catch(() => []);
    picker = h('select', {
      id: 'sub-picker',
      onchange: (e) => { location.hash = `#/s/${e.target.value}/vms`; },
    }, subs.map((x) => h('option', { value: x.SubscriptionId, selected: x.SubscriptionId === subId },
      x.SubscriptionName)));
  } else {
    links.push(['#/subscriptions', 'Subscriptions']);
  }
  nav.replaceChildren(...links.map(([href, text]) => h('a', {
    href, 'aria-current': hash === href || hash.startsWith(`${href}/`) ? 'page' : null,
  }, text)));
  nav.hidden = false;
  who.replaceChildren(
    ...(picker ? [h('label', { for: 'sub-picker' }, 'Subscription'), picker] : []),
    h('span', {}, s.user),
    h('button', { type: 'button', onclick: signOut }, 'Sign out'),
  );
}

function signOut() {
  session.clear();
  forget();
  location.hash = '#/signin';
}

window.addEventListener('hashchange', route);
window.addEventListener('gio:signed-out', () => {
  forget();
  if (location.hash !== '#/signin') {
    location.hash = '#/signin';
  }
});
route();
