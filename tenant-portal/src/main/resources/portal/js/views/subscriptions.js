// The subscription picker.
import { h, table, badge, memory } from '../ui.js';
import { loadSubscriptions, STATES } from '../subs.js';

export default async function subscriptionsView(main) {
  document.title = 'Subscriptions · GIO Cloud';
  main.append(h('h1', {}, 'Your subscriptions'));
  const subs = await loadSubscriptions(true);
  const names = Object.fromEntries(subs.map((s) => [s.SubscriptionId, s.SubscriptionName]));
  main.append(table('Subscriptions', ['Subscription', 'Plan', 'State', 'Quota', 'Migration'], subs.map((s) => {
    const q = s.Quota || {};
    const quota = [q.RoleVMCount != null ? `${q.RoleVMCount} VMs` : 'unlimited VMs',
      q.RoleCPUCount != null ? `${q.RoleCPUCount} vCPUs` : null,
      q.RoleMemoryMB != null ? memory(q.RoleMemoryMB) : null].filter(Boolean).join(', ');
    return [
      h('a', { href: `#/s/${s.SubscriptionId}/vms` }, s.SubscriptionName),
      s.OfferFriendlyName || '–',
      badge(STATES[s.State] || 'Unknown'),
      quota,
      s.SuccessorSubscriptionId ? `moves to ${names[s.SuccessorSubscriptionId] || 'its successor'}` : '–',
    ];
  }), 'You have no subscriptions yet. Ask your provider for a plan.'));
}
