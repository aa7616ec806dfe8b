// A VM's backups (the paid Backup add-on): create, list, restore into the stopped VM, delete.
import { key } from '../api.js';
import { h, act, badge, confirmDialog, field, refill, table, time, bytes, poll, safely } from '../ui.js';

export default async function backupsTab(body, service, vmNow) {
  const vm = vmNow();
  const name = h('input', { type: 'text', id: 'backup-name', value: `Backup ${new Date().toLocaleDateString()}` });
  const days = h('input', { type: 'number', id: 'backup-days', min: '1', max: '3650', value: '14' });
  const create = h('button', { type: 'submit' }, 'Back up now');
  const list = h('div', { id: 'backup-list' });
  body.append(h('form', {
    class: 'card',
    onsubmit: (e) => {
      e.preventDefault();
      return act(create, 'Backup', () => service.create('VMBackups', { VMId: vm.ID, StampId: vm.StampId,
        Name: name.value.trim() || 'Backup', RetentionDays: Number(days.value) }),
      `A backup of ${vm.Name} is being made.`).then(refresh);
    },
  }, h('h2', {}, 'New backup'),
  h('p', { class: 'muted small' }, 'A running VM keeps running: its backup is crash-consistent.'),
  field('Name', name), field('Keep for (days)', days), h('div', { class: 'buttons' }, create)),
  h('h2', {}, 'Backups'), list);

  async function load() {
    const all = await service.list('VMBackups', `$filter=VMId eq guid'${vm.ID}'&$orderby=CreationTime desc`);
    refill(list, table('Backups', ['Name', 'Status', 'Size', 'Taken', 'Expires', 'Actions'], all.map((b) => {
      const k = key('ID', b.ID, b.StampId);
      const restore = h('button', {
        type: 'button', class: 'secondary', disabled: b.Status !== 'Available', 'data-key': `${b.ID}-restore`,
        onclick: async () => {
          if (await confirmDialog(`Restore "${b.Name}" into ${vmNow().Name}? The VM must be stopped; its disks are replaced.`,
            'Restore')) {
            await act(restore, 'Restore backup', () => service.update('VMBackups', k, { VMBackupAction: 'Restore' }),
              `"${b.Name}" is being restored.`);
            refresh();
          }
        },
      }, 'Restore');
      const remove = h('button', {
        type: 'button', class: 'secondary', disabled: b.Status === 'Creating' || b.Status === 'Restoring',
        'data-key': `${b.ID}-delete`,
        onclick: async () => {
          if (await confirmDialog(`Delete backup "${b.Name}"?`, 'Delete')) {
            await act(remove, 'Delete backup', () => service.remove('VMBackups', k), `"${b.Name}" deleted.`);
            refresh();
          }
        },
      }, 'Delete');
      return [b.Name, badge(b.Status), bytes(b.SizeBytes), time(b.CompletionTime || b.CreationTime), time(b.ExpiryTime),
        h('span', { class: 'buttons' }, restore, remove)];
    }), 'No backups yet.'));
  }

  const refresh = safely(load);
  return poll(load, 4000);
}
