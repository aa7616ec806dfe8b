// Virtual machines of a subscription, refreshed every few seconds.
import { vmm } from '../api.js';
import { h, table, badge, memory, poll, refill } from '../ui.js';
import { subscription } from '../subs.js';

export const VM_FIELDS = 'ID,StampId,Name,Status,StatusString,CPUCount,Memory,OperatingSystem,VMHostName,CloudId,'
  + 'TotalSize,CreationTime,MostRecentTaskId,FailedJobID';

/** The addresses of a VM's adapters (expanded). */
export function addresses(vm) {
  return (vm.VirtualNetworkAdapters || []).flatMap((n) => n.IPv4Addresses || []).filter(Boolean);
}

export default async function vmsView(main, subId) {
  const sub = await subscription(subId);
  document.title = `Virtual machines · ${sub.SubscriptionName}`;
  const service = vmm(subId);
  const updated = h('p', { class: 'muted small', 'aria-live': 'off' });
  const list = h('div', { id: 'vm-list' });
  main.append(
    h('h1', {}, 'Virtual machines'),
    h('div', { class: 'commandbar' }, h('a', { class: 'button', href: `#/s/${subId}/create` }, 'Create a VM')),
    list, updated);
  return poll(async () => {
    const vms = await service.list('VirtualMachines',
      `$select=${VM_FIELDS}&$expand=VirtualNetworkAdapters&$orderby=Name`);
    refill(list, table('Virtual machines', ['Name', 'Status', 'Size', 'Stamp', 'IP addresses'], vms.map((vm) => [
      h('a', { href: `#/s/${subId}/vm/${vm.StampId}/${vm.ID}`, 'data-key': vm.ID }, vm.Name),
      badge(vm.Status, vm.StatusString || vm.Status),
      `${vm.CPUCount} vCPU, ${memory(vm.Memory)}`,
      vm.StampId === sub.StampId && sub.StampName ? sub.StampName : vm.StampId.slice(0, 8),
      addresses(vm).join(', ') || '–',
    ]), 'No virtual machines yet.'));
    updated.textContent = `${vms.length} virtual machines · updated ${new Date().toLocaleTimeString()}`;
  }, 3000);
}
