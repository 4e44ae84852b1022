// Entry module of every page: starts GOV.UK Frontend's components and fits
// the navigation to whoever is signed in.
import { initAll } from '/vendor/govuk/govuk-frontend.min.js';
import { currentSession, signOut } from '/js/api.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');

/** Adds a navigation item (a link, or a button when onClick is given);
 * the account's items go in the header, styled by app.css. */
function addItem(list, key, label, href, onClick) {
  const inHeader = list.id === 'account-navigation';
  const item = document.createElement('li');
  item.className = inHeader ? 'app-account-nav__item' : 'govuk-service-navigation__item';
  item.dataset.nav = key;
  item.dataset.signedIn = '';
  const control = document.createElement(onClick ? 'button' : 'a');
  control.className = inHeader ? 'app-account-nav__link' : onClick ? 'govuk-service-navigation__link app-nav-button'
    : 'govuk-service-navigation__link';
  control.textContent = label;
  if (onClick) {
    control.type = 'button';
    control.addEventListener('click', onClick);
  } else {
    control.href = href;
  }
  item.append(control);
  list.append(item);
}

/* Pages reached from a navigation entry, which is marked as the section
 * they belong to (aria-current "true"; "page" is for the entry's own page). */
const sectionOf = { meeting: 'meetings', minutes: 'meetings', action: 'actions', compare: 'duplicates',
  definition: 'definitions', screen: 'triage', measure: 'outcomes' };

function markCurrentPage() {
  const page = document.body.dataset.page;
  const key = sectionOf[page] || page;
  const current = document.querySelector(`#navigation [data-nav="${key}"], #account-navigation [data-nav="${key}"]`);
  if (!current) return;
  current.classList.add('govuk-service-navigation__item--active');
  const link = current.querySelector('a');
  if (link) link.setAttribute('aria-current', key === page ? 'page' : 'true');
}

async function showNavigation() {
  const session = await currentSession();
  const list = document.getElementById('navigation');
  const account = document.getElementById('account-navigation');
  if (session && list && account) {
    const role = session.user.role;
    const casework = role === 'practitioner' || role === 'coordinator';
    /* In the order of the work: what came in, what to do, then the picture. */
    if (role === 'coordinator') addItem(list, 'triage', 'New concerns', '/triage');
    if (casework) {
      addItem(list, 'record-concern', 'Record a concern', '/record-concern');
      addItem(list, 'find', 'Find', '/find');
      addItem(list, 'meetings', 'MACE meetings', '/meetings');
      addItem(list, 'actions', 'Actions', '/actions');
      addItem(list, 'hotspots', 'Hotspots', '/hotspots');
    }
    if (role === 'coordinator') {
      addItem(list, 'proposals', 'Contexts to assess', '/proposals');
      addItem(list, 'duplicates', 'Duplicates', '/duplicates');
      addItem(list, 'oversight', 'Oversight', '/oversight');
      addItem(list, 'approvals', 'Account approvals', '/approvals');
    }
    if (['coordinator', 'analyst', 'board_viewer'].includes(role)) addItem(list, 'outcomes', 'Outcomes', '/outcomes');
    if (role === 'coordinator' || role === 'analyst') addItem(list, 'analysis', 'Network analysis', '/analysis');
    if (role === 'coordinator' || role === 'board_viewer') addItem(list, 'action-plan', 'Action plan', '/action-plan');
    if (role === 'coordinator' || role === 'board_viewer') addItem(list, 'report', 'Board reports', '/report');
    if (role === 'admin') addItem(list, 'admin', 'Administration', '/admin');
    addItem(list, 'definitions', 'Definitions', '/definitions');
    addItem(account, 'account', 'Your account', '/account');
    addItem(account, 'sign-out', 'Sign out', null, async () => {
      await signOut();
      location.assign('/sign-in?signed-out=1');
    });
    document.body.classList.add('app-signed-in');
  }
  markCurrentPage();
}

initAll();
showNavigation();
