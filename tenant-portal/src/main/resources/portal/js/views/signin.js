// Sign in: tenant users get their subscriptions, the administrator the operator view.
import { signIn } from '../api.js';
import { h, field, announce } from '../ui.js';
import { forget } from '../subs.js';

export default function signinView(main) {
  document.title = 'Sign in · GIO Cloud';
  const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true,
    spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error-text', role: 'alert', id: 'signin-error' });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', {
    class: 'card',
    onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      submit.disabled = true;
      try {
        const s = await signIn(user.value.trim(), password.value);
        forget();
        announce(`Signed in as ${s.user}.`);
        location.hash = s.admin ? '#/operator' : '#/subscriptions';
      } catch (err) {
        error.textContent = err.message;
        password.select();
      } finally {
        submit.disabled = false;
      }
    },
  },
  field('User name', user, 'Your e-mail address, or admin for the operator view.'),
  field('Password', password),
  error,
  h('div', { class: 'buttons' }, submit));
  main.append(h('div', { class: 'signin' }, h('h1', {}, 'Sign in to GIO Cloud'), form));
  user.focus();
}
