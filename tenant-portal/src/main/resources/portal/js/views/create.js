// Create a VM: template, size, network, name; the quota left is shown before submitting.
import { vmm, quota } from '../api.js';
import { h, act, field, memory } from '../ui.js';
import { subscription, actions } from '../subs.js';

export default async function createView(main, subId) {
  const sub = await subscription(subId);
  document.title = `Create a VM · ${sub.SubscriptionName}`;
  const service = vmm(subId);
  main.append(h('h1', {}, 'Create a virtual machine'));
  if (!actions(sub).has('Create') && !actions(sub).has('CreateFromVHDOrTemplate')) {
    main.append(h('p', { class: 'notice' }, 'Your plan does not allow creating VMs.'));
    return undefined;
  }
  const [templates, profiles, networks, q] = await Promise.all([
    service.list('VMTemplates', '$select=ID,Name,StampId,CPUCount,Memory,OperatingSystem&$orderby=Name'),
    service.list('HardwareProfiles', '$select=ID,Name,CPUCount,Memory&$orderby=CPUCount'),
    service.list('VMNetworks', '$select=ID,Name,StampId&$orderby=Name'),
    quota(subId),
  ]);
  const template = h('select', { id: 'create-template', required: true },
    templates.filter((t) => t.StampId === sub.StampId).map((t) => h('option', { value: t.ID }, t.Name)));
  const fitting = profiles.filter((p) => (sub.MaxCpuPerVm == null || p.CPUCount <= sub.MaxCpuPerVm)
    && (sub.MaxMemoryMBPerVm == null || p.Memory <= sub.MaxMemoryMBPerVm));
  const size = h('select', { id: 'create-size' },
    h('option', { value: '' }, 'The template\'s size'),
    fitting.map((p) => h('option', { value: p.ID }, p.Name)),
    // a fabric without hardware profiles (libvirt): a size of the tenant's choosing
    fitting.length === 0 ? h('option', { value: 'custom' }, 'Choose the processors and memory…') : null);
  const cpu = h('input', { type: 'number', id: 'create-cpu', min: 1, max: sub.MaxCpuPerVm ?? 64, value: 1 });
  const mem = h('input', { type: 'number', id: 'create-memory', min: 512, step: 256, max: sub.MaxMemoryMBPerVm ?? 1048576,
    value: 2048 });
  const customSize = h('div', { class: 'field inline', hidden: true },
    h('label', { for: 'create-cpu' }, 'Virtual processors'), cpu, h('label', { for: 'create-memory' }, 'Memory (MB)'), mem);
  const network = h('select', { id: 'create-network' },
    h('option', { value: '' }, 'No network'),
    networks.filter((n) => n.StampId === sub.StampId).map((n, i) => h('option', { value: n.ID, selected: i === 0 }, n.Name)));
  const name = h('input', { type: 'text', id: 'create-name', required: true, maxlength: '64',
    pattern: '[A-Za-z0-9][A-Za-z0-9\\-]*', autocomplete: 'off' });
  const start = h('input', { type: 'checkbox', id: 'create-start', checked: true });
  const left = h('div', { class: 'quota', id: 'create-quota', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Create');

  function chosen() {
    if (size.value === 'custom') {
      return { cpu: Number(cpu.value), mem: Number(mem.value) };
    }
    const p = profiles.find((x) => x.ID === size.value);
    const t = templates.find((x) => x.ID === template.value);
    return { cpu: p ? p.CPUCount : t?.CPUCount || 1, mem: p ? p.Memory : t?.Memory || 1024 };
  }

  function showQuota() {
    const c = chosen();
    const rows = [['Virtual machines', 'VMCount', 1, (v) => v], ['Virtual processors', 'CPUCount', c.cpu, (v) => v],
      ['Memory', 'MemoryMB', c.mem, memory]];
    left.replaceChildren(...rows.map(([label, name, need, fmt]) => {
      const limit = q.Quota?.[`Role${name}`];
      const used = q.Usage?.[name] || 0;
      if (limit === null || limit === undefined) {
        return h('div', {}, h('strong', {}, label), h('br'), `${fmt(used)} used, no limit`);
      }
      const remaining = limit - used;
      const over = need > remaining;
      return h('div', { class: over ? 'over' : '' }, h('strong', {}, label), h('br'),
        `${fmt(Math.max(0, remaining))} left of ${fmt(limit)}`, over ? h('br') : null,
        over ? h('span', { class: 'error-text' }, `This VM needs ${fmt(need)}.`) : null);
    }));
  }
  template.addEventListener('change', showQuota);
  size.addEventListener('change', () => {
    customSize.hidden = size.value !== 'custom';
    const t = templates.find((x) => x.ID === template.value);
    if (!customSize.hidden && t) {
      cpu.value = t.CPUCount || 1;
      mem.value = t.Memory || 2048;
    }
    showQuota();
  });
  cpu.addEventListener('input', showQuota);
  mem.addEventListener('input', showQuota);
  showQuota();

  main.append(h('form', {
    class: 'card', id: 'create-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const c = chosen();
      const body = { StampId: sub.StampId, CloudId: sub.CloudId, Name: name.value.trim(), VMTemplateId: template.value,
        StartVM: start.checked };
      if (size.value) {
        body.CPUCount = c.cpu;
        body.Memory = c.mem;
      }
      if (network.value) {
        body.NewVirtualNetworkAdapterInput = [{ VMNetworkId: network.value }];
      }
      const done = await act(submit, 'Create', () => service.create('VirtualMachines', body),
        `${body.Name} is being created.`);
      if (done) {
        location.hash = `#/s/${subId}/vm/${done.data.StampId}/${done.data.ID}`;
      }
    },
  },
  h('fieldset', {}, h('legend', {}, '1. Template'), field('Template', template)),
  h('fieldset', {}, h('legend', {}, '2. Size'), field('Size', size, 'The sizes your plan and the stamp allow.'), customSize),
  h('fieldset', {}, h('legend', {}, '3. Network'), field('VM network', network)),
  h('fieldset', {}, h('legend', {}, '4. Name'), field('Name', name, 'Letters, digits and hyphens.'),
    h('div', { class: 'field inline' }, start, h('label', { for: 'create-start' }, 'Start it when it is created'))),
  h('fieldset', {}, h('legend', {}, 'Quota left'), left),
  h('div', { class: 'buttons' }, h('a', { class: 'button secondary', href: `#/s/${subId}/vms` }, 'Cancel'), submit)));
  return undefined;
}
