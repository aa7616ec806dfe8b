// The gateway's public APIs, as any WAP client calls them: /auth/token, /subscriptions/, the tenant
// OData service /{subscription}/services/systemcenter/vmm/ (OData 3, JSON light), the console
// tickets, and for the administrator the operator's migration queue.

const SESSION = 'gio.session';

/** An API refusal: the HTTP status and the message the gateway gave. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  get() {
    try {
      const s = JSON.parse(sessionStorage.getItem(SESSION));
      return s && s.expires > Date.now() ? s : null;
    } catch {
      return null;
    }
  },
  set(s) {
    sessionStorage.setItem(SESSION, JSON.stringify(s));
  },
  clear() {
    sessionStorage.removeItem(SESSION);
  },
};

/** OAuth 2 password grant; the session keeps the token (in this tab only). */
export async function signIn(user, password) {
  const body = new URLSearchParams({ grant_type: 'password', username: user, password });
  const r = await fetch('/auth/token', { method: 'POST', body });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) {
    throw new ApiError(r.status, j.error_description || `Sign-in failed (HTTP ${r.status}).`);
  }
  const s = {
    token: j.access_token,
    user,
    admin: j.scope === 'http://azureservices/AdminSite',
    expires: Date.now() + (j.expires_in - 30) * 1000,
  };
  session.set(s);
  return s;
}

async function request(method, url, { body, headers = {}, raw = false } = {}) {
  const s = session.get();
  if (!s) {
    window.dispatchEvent(new CustomEvent('gio:signed-out'));
    throw new ApiError(401, 'Your session has ended; sign in again.');
  }
  const h = { Authorization: `Bearer ${s.token}`, Accept: 'application/json', ...headers };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
  }
  let r;
  try {
    r = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'The gateway cannot be reached; check your connection and try again.');
  }
  if (r.status === 401) {
    session.clear();
    window.dispatchEvent(new CustomEvent('gio:signed-out'));
    throw new ApiError(401, 'Your session has ended; sign in again.');
  }
  if (!r.ok) {
    throw await errorOf(r);
  }
  if (raw) {
    return r;
  }
  const text = r.status === 204 ? '' : await r.text();
  return { status: r.status, job: r.headers.get('x-ms-request-id'), data: text ? JSON.parse(text) : null };
}

/** The message of an error in any of the gateway's shapes: OData 3 or 4 JSON, WAP XML, OAuth. */
async function errorOf(r) {
  const text = await r.text();
  let message = null;
  try {
    const j = JSON.parse(text);
    message = j['odata.error']?.message?.value || j.error?.message?.value || j.error?.message
      || j.error_description || j.message || null;
  } catch {
    if (text.includes('<Message>')) {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      message = doc.getElementsByTagName('Message')[0]?.textContent || null;
    }
  }
  return new ApiError(r.status, message || `The gateway answered HTTP ${r.status}.`);
}

/** The caller's WAP subscriptions (a JSON array). */
export async function subscriptions() {
  return (await request('GET', '/subscriptions/')).data;
}

/** A subscription's quota: Quota (effective), Usage {VMCount, CPUCount, MemoryMB, StorageGB}. */
export async function quota(subscriptionId) {
  return (await request('GET', `/subscriptions/${subscriptionId}/quota`)).data;
}

/** An OData key of two GUIDs, e.g. key('ID', id, stamp). */
export function key(name, id, stamp) {
  return `${name}=guid'${id}',StampId=guid'${stamp}'`;
}

/** The VMM service of one subscription. Writes never wait for their job (RunAsynchronously). */
export function vmm(subscriptionId) {
  const base = `/${subscriptionId}/services/systemcenter/vmm/`;
  const async = (path) => `${base}${path}${path.includes('?') ? '&' : '?'}RunAsynchronously=1`;
  return {
    async list(set, query = '') {
      return (await request('GET', `${base}${set}${query ? `?${query}` : ''}`)).data.value;
    },
    async one(set, k, query = '') {
      return (await request('GET', `${base}${set}(${k})${query ? `?${query}` : ''}`)).data;
    },
    create(set, body) {
      return request('POST', async(set), { body });
    },
    update(set, k, body) {
      return request('PUT', async(`${set}(${k})`), { body });
    },
    remove(set, k) {
      return request('DELETE', async(`${set}(${k})`));
    },
    /** A bound action of one entity, e.g. invoke('VirtualDiskDrives', k, 'Expand', { VirtualHardDiskSizeGB: 60 }). */
    invoke(set, k, action, body) {
      return request('POST', async(`${set}(${k})/${action}`), { body });
    },
    async image(path) {
      return (await request('GET', base + path, { raw: true, headers: { Accept: 'image/png' } })).blob();
    },
  };
}

/** A one-time console ticket for a VM (201), or an ApiError (501 where the fabric has no consoles). */
export async function consoleTicket(subscriptionId, vm) {
  return (await request('POST', '/console/tickets',
    { body: { SubscriptionId: subscriptionId, VMId: vm.ID, StampId: vm.StampId } })).data;
}

/** The administrator's view of migrations across tenants: the queue, links and volumes. */
export async function migrationQueue() {
  return (await request('GET', '/migration/queue?ended=50')).data;
}

/** What migrations used of each link and volume over the last hour (a sample every 10 s), for the charts. */
export async function migrationHistory() {
  return (await request('GET', '/migration/history')).data;
}
