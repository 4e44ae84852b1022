// Administration: agencies, users (and the requests for accounts that read
// children's records, which wait for a second person), the admin's own API
// tokens and every token's revocation, the second factor by role, and the
// kinds of contextual intervention.
import { api, requireSignIn } from '/js/api.js';
import { agencyKindNames, allPages, el, fillSelect, roleNames, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const hiddenLabel = (text) => el('span', { class: 'govuk-visually-hidden' }, text);
let agencies = [];
/** Roles that read children's records: added only with a second person's approval, never with a password from here. */
const readingRoles = ['practitioner', 'coordinator'];

/** Submits a form's values; shows field errors under their inputs (server field -> input id). */
async function submit(send, fields, after) {
  clearErrors();
  try {
    await after(await send());
  } catch (error) {
    const shown = errorFor(error);
    showErrors([{ ...shown, field: fields[error.field] || null }]);
  }
}

async function showAgencies() {
  agencies = await allPages(api, '/api/v1/agencies');
  $('agencies-table').replaceChildren(table('Agencies in the partnership', ['Name', 'Kind'],
    agencies.map((a) => [a.name, agencyKindNames[a.kind] || a.kind])));
  const choices = agencies.map((a) => ({ value: a.id, label: a.name }));
  fillSelect($('user_agency'), choices);
}

async function showUsers() {
  const users = await allPages(api, '/api/v1/users');
  const agencyName = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
  $('users-table').replaceChildren(table('Users', ['Name', 'Email', 'Agency', 'Role', 'Status', hiddenLabel('Actions')],
    users.map((u) => [u.name, u.email, agencyName[u.agency_id] || '', roleNames[u.role] || u.role,
      u.active ? 'Active' : 'Disabled',
      el('button', {
        type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0',
        onclick: () => submit(() => api('PATCH', `/api/v1/users/${u.id}`, { active: !u.active }), {}, async () => {
          showDone(`${u.name} is now ${u.active ? 'disabled and signed out' : 'active'}.`);
          await showUsers();
        }),
      }, u.active ? 'Disable' : 'Enable', el('span', { class: 'govuk-visually-hidden' }, ` ${u.name}`))])));
}

/** Requests for accounts that read children's records, waiting for a second person. */
async function showRequests() {
  const pending = await allPages(api, '/api/v1/approvals');
  $('requests-table').replaceChildren(pending.length === 0 ? '' : table('Waiting for a second person to approve (a hub coordinator, on their Account approvals page)',
    ['Name', 'Email', 'Role', 'Agency', 'Asked by'],
    pending.map((a) => [a.name, a.email || '', roleNames[a.role] || a.role, a.agency_name, a.requested_by_name || ''])));
}

async function showTokens() {
  const tokens = await allPages(api, '/api/v1/tokens');
  const agencyName = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
  $('tokens-table').replaceChildren(tokens.length === 0 ? el('p', { class: 'govuk-body' }, 'There are no API tokens.')
    : table('API tokens', ['For', 'Agency', 'Role', 'Last used', 'Status', hiddenLabel('Actions')],
      tokens.map((t) => [t.name, agencyName[t.agency_id] || '', roleNames[t.role] || t.role, t.last_used_at || 'Never',
        t.revoked_at ? 'Revoked' : 'Live',
        t.revoked_at ? '' : el('button', {
          type: 'button', class: 'govuk-button govuk-button--warning govuk-!-margin-bottom-0',
          onclick: () => submit(() => api('DELETE', `/api/v1/tokens/${t.id}`), {}, async () => {
            showDone(`The token for ${t.name} is revoked.`);
            $('new-token-panel').classList.add('app-hidden');
            await showTokens();
          }),
        }, 'Revoke', el('span', { class: 'govuk-visually-hidden' }, ` ${t.name}`))])));
}

async function showRoles() {
  const roles = (await api('GET', '/api/v1/roles')).items;
  $('roles-checkboxes').replaceChildren(...roles.map((r) => el('div', { class: 'govuk-checkboxes__item' },
    el('input', { class: 'govuk-checkboxes__input', id: `role-${r.role}`, type: 'checkbox', value: r.role, checked: r.second_factor_required === 1 }),
    el('label', { class: 'govuk-label govuk-checkboxes__label', for: `role-${r.role}` }, roleNames[r.role] || r.role))));
}

async function showInterventionTypes() {
  const types = (await api('GET', '/api/v1/intervention-types?include_retired=true')).items;
  $('intervention-types-table').replaceChildren(table('Kinds of contextual intervention', ['Label', 'Code', 'Status', hiddenLabel('Actions')],
    types.map((t) => [t.label, t.code, t.retired ? `Retired ${t.retired_at.slice(0, 10)}` : 'In use',
      el('button', {
        type: 'button', class: `govuk-button ${t.retired ? 'govuk-button--secondary' : 'govuk-button--warning'} govuk-!-margin-bottom-0`,
        onclick: () => submit(() => api('PATCH', `/api/v1/intervention-types/${t.code}`, { retired: !t.retired }), {}, async () => {
          showDone(`${t.label} is ${t.retired ? 'back in use' : 'retired'}.`);
          await showInterventionTypes();
        }),
      }, t.retired ? 'Bring back' : 'Retire', el('span', { class: 'govuk-visually-hidden' }, ` ${t.label}`))])));
  fillSelect($('relabel_code'), types.map((t) => ({ value: t.code, label: t.label })));
}

$('intervention-type-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = { label: $('type_label').value.trim(), code: $('type_code').value.trim(), description: $('type_description').value.trim() };
  if (!body.description) delete body.description;
  const missing = [['label', 'type_label', 'Enter the label'], ['code', 'type_code', 'Enter a code']].filter(([key]) => !body[key]);
  if (missing.length) { showErrors(missing.map(([, field, message]) => ({ field, message }))); return; }
  submit(() => api('POST', '/api/v1/intervention-types', body), { label: 'type_label', code: 'type_code', description: 'type_description' }, async () => {
    showDone(`${body.label} is added.`);
    for (const id of ['type_label', 'type_code', 'type_description']) $(id).value = '';
    await showInterventionTypes();
  });
});

$('relabel-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const label = $('relabel_label').value.trim();
  if (!label) { showErrors([{ field: 'relabel_label', message: 'Enter the new label' }]); return; }
  submit(() => api('PATCH', `/api/v1/intervention-types/${$('relabel_code').value}`, { label }), { label: 'relabel_label' }, async () => {
    showDone(`The kind is now called ${label}.`);
    $('relabel_label').value = '';
    await showInterventionTypes();
  });
});

$('agency-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = { name: $('agency_name').value.trim(), kind: $('agency_kind').value };
  if (!body.name) { showErrors([{ field: 'agency_name', message: 'Enter the agency\'s name' }]); return; }
  submit(() => api('POST', '/api/v1/agencies', body), { name: 'agency_name', kind: 'agency_kind' }, async () => {
    showDone(`${body.name} is added.`);
    $('agency_name').value = '';
    await showAgencies();
  });
});

$('user-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = { name: $('user_name').value.trim(), email: $('user_email').value.trim(), agency_id: $('user_agency').value,
    role: $('user_role').value, password: $('user_password').value };
  const readsRecords = readingRoles.includes(body.role);
  if (readsRecords) delete body.password;
  const missing = [['name', 'user_name', 'Enter their full name'], ['email', 'user_email', 'Enter their email address'],
    ...(readsRecords ? [] : [['password', 'user_password', 'Enter a first password']])].filter(([key]) => !body[key]);
  if (missing.length) { showErrors(missing.map(([, field, message]) => ({ field, message }))); return; }
  submit(() => api('POST', '/api/v1/users', body),
    { name: 'user_name', email: 'user_email', agency_id: 'user_agency', role: 'user_role', password: 'user_password' }, async (made) => {
      showDone(made.status === 'pending' ? `${body.name} is asked for. A hub coordinator must approve it before they can sign in.`
        : `${body.name} can now sign in.`);
      for (const id of ['user_name', 'user_email', 'user_password']) $(id).value = '';
      await Promise.all([showUsers(), showRequests()]);
    });
});

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = { name: $('token_name').value.trim() };
  if (!body.name) { showErrors([{ field: 'token_name', message: 'Say what the token is for' }]); return; }
  submit(() => api('POST', '/api/v1/tokens', body), { name: 'token_name' }, async (made) => {
    $('new-token').textContent = made.token;
    $('new-token-panel').classList.remove('app-hidden');
    $('token_name').value = '';
    await showTokens();
  });
});

$('roles-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const boxes = [...document.querySelectorAll('#roles-checkboxes input')];
  submit(async () => {
    for (const box of boxes) await api('PATCH', `/api/v1/roles/${box.value}`, { second_factor_required: box.checked });
  }, {}, async () => { showDone('The second factor settings are saved.'); await showRoles(); });
});

const session = await requireSignIn(['admin']);
if (session) {
  fillSelect($('agency_kind'), Object.entries(agencyKindNames).map(([value, label]) => ({ value, label })));
  fillSelect($('user_role'), Object.entries(roleNames).map(([value, label]) => ({ value, label })));
  try {
    await showAgencies();
    await Promise.all([showUsers(), showRequests(), showTokens(), showRoles(), showInterventionTypes()]);
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}
