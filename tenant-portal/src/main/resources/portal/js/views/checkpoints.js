// A VM's checkpoints as a tree: create, restore, delete (as the plan allows).
import { key } from '../api.js';
import { h, act, announce, confirmDialog, field, refill, time, poll, safely } from '../ui.js';

export default async function checkpointsTab(body, service, vmNow, allowed) {
  const vm = vmNow();
  const canCreate = allowed.has('Checkpoint');
  const name = h('input', { type: 'text', id: 'checkpoint-name', maxlength: '100', required: true,
    value: `Checkpoint ${new Date().toLocaleString()}` });
  const create = h('button', { type: 'submit', disabled: !canCreate }, 'Take checkpoint');
  const tree = h('div', { id: 'checkpoint-tree' });
  const taking = new Map(); // checkpoints being taken: ID -> the job that takes them
  body.append(
    canCreate ? h('form', {
      class: 'card',
      onsubmit: (e) => {
        e.preventDefault();
        return act(create, 'Take checkpoint', async () => {
          const r = await service.create('VMCheckPoints',
            { VMId: vm.ID, StampId: vm.StampId, Name: name.value.trim() || 'Checkpoint' });
          taking.set(r.data.ID, r.job);
          return r;
        }, `Checkpoint "${name.value}" is being taken.`).then(refresh);
      },
    }, h('h2', {}, 'New checkpoint'), field('Name', name), h('div', { class: 'buttons' }, create))
      : h('p', { class: 'notice' }, 'Your plan lets you restore checkpoints but not take new ones.'),
    h('h2', {}, 'Checkpoints'), tree);

  async function load() {
    for (const [id, job] of taking) {
      const [j] = await service.list('Jobs', `$filter=ID eq guid'${job}'&$select=ID,IsCompleted,Status`);
      if (!j || j.IsCompleted) {
        taking.delete(id);
        if (j && j.Status === 'Completed') {
          announce('The checkpoint has been taken.');
        }
      }
    }
    const all = await service.list('VMCheckPoints', `$filter=VMId eq guid'${vm.ID}'&$orderby=AddedTime`);
    refill(tree, all.length ? list(all, null, 1) : h('p', { class: 'muted' }, 'No checkpoints yet.'));
  }

  function list(all, parent, level) {
    const children = all.filter((c) => (c.ParentCheckpointID || null) === parent
      || (parent === null && c.ParentCheckpointID && !all.some((p) => p.ID === c.ParentCheckpointID)));
    if (!children.length) {
      return null;
    }
    // nested lists, not an ARIA tree: the rows hold buttons, which a tree's items may not, and
    // plain lists give screen readers the nesting ("list, 2 items, level 2") with Tab navigation
    return h('ul', { class: 'tree', 'aria-label': level === 1 ? 'Checkpoint tree' : `Checkpoints after ${parentName(all, parent)}` },
      children.map((c) => h('li', { 'data-level': String(level) }, row(c), list(all, c.ID, level + 1))));
  }

  function parentName(all, id) {
    const p = all.find((c) => c.ID === id);
    return p ? `"${p.Name}"` : 'its parent';
  }

  function row(c) {
    const k = key('ID', c.ID, c.StampId);
    const restore = h('button', {
      type: 'button', class: 'secondary', 'data-key': `${c.ID}-restore`,
      onclick: async () => {
        if (await confirmDialog(`Restore ${vmNow().Name} to "${c.Name}"? Changes since then are discarded.`, 'Restore')) {
          await act(restore, 'Restore checkpoint', () => service.update('VMCheckPoints', k, { VMCheckPointAction: 'Restore' }),
            `${vmNow().Name} is being restored to "${c.Name}".`);
          refresh();
        }
      },
    }, 'Restore');
    const busy = taking.has(c.ID);
    restore.disabled = busy;
    const remove = h('button', {
      type: 'button', class: 'secondary', disabled: !canCreate || busy, 'data-key': `${c.ID}-delete`,
      onclick: async () => {
        if (await confirmDialog(`Delete checkpoint "${c.Name}"? Its children are kept.`, 'Delete')) {
          await act(remove, 'Delete checkpoint', () => service.remove('VMCheckPoints', k), `Checkpoint "${c.Name}" deleted.`);
          refresh();
        }
      },
    }, 'Delete');
    return h('div', { class: 'tree-row', 'data-checkpoint': c.ID, 'data-ready': String(!busy) },
      h('span', { class: 'name' }, c.Name),
      h('span', { class: 'muted small' }, busy ? 'being taken…' : time(c.AddedTime)), restore, remove);
  }

  const refresh = safely(load);
  return poll(load, 2000);
}
