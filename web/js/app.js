// Entry module of every page: starts GOV.UK Frontend's components and fits
// the navigation to whoever is signed in.
import { initAll } from '/vendor/govuk/govuk-frontend.min.js';
import { currentSession, signOut } from '/js/api.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');

/** Adds a navigation item (a link, or a button when onClick is given). */
function addItem(list, key, label, href, onClick) {
  const item = document.createElement('li');
  item.className = 'govuk-service-navigation__item';
  item.dataset.nav = key;
  item.dataset.signedIn = '';
  const control = document.createElement(onClick ? 'button' : 'a');
  control.className = onClick ? 'govuk-service-navigation__link app-nav-button' : 'govuk-service-navigation__link';
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

function markCurrentPage() {
  const page = document.body.dataset.page;
  const current = document.querySelector(`#navigation [data-nav="${page}"]`);
  if (!current) return;
  current.classList.add('govuk-service-navigation__item--active');
  const link = current.querySelector('a');
  if (link) link.setAttribute('aria-current', 'page');
}

async function showNavigation() {
  const session = await currentSession();
  const list = document.getElementById('navigation');
  if (session && list) {
    const role = session.user.role;
    if (role === 'practitioner' || role === 'coordinator') {
      addItem(list, 'record-concern', 'Record a concern', '/record-concern');
      addItem(list, 'find', 'Find', '/find');
      addItem(list, 'hotspots', 'Hotspots', '/hotspots');
    }
    if (role === 'coordinator') addItem(list, 'proposals', 'Contexts to assess', '/proposals');
    if (role === 'coordinator') addItem(list, 'duplicates', 'Duplicates', '/duplicates');
    if (role === 'practitioner' || role === 'coordinator') {
      addItem(list, 'meetings', 'MACE meetings', '/meetings');
      addItem(list, 'actions', 'Actions', '/actions');
    }
    if (role === 'coordinator') addItem(list, 'triage', 'New concerns', '/triage');
    addItem(list, 'definitions', 'Definitions', '/definitions');
    addItem(list, 'account', 'Your account', '/account');
    if (role === 'admin') addItem(list, 'admin', 'Administration', '/admin');
    if (role === 'coordinator') addItem(list, 'oversight', 'Oversight', '/oversight');
    addItem(list, 'sign-out', 'Sign out', null, async () => {
      await signOut();
      location.assign('/sign-in?signed-out=1');
    });
    document.body.classList.add('app-signed-in');
  }
  markCurrentPage();
}

initAll();
showNavigation();
