// The list of shared definitions, by category, with how many agencies have
// adopted each current version.
import { api, requireSignIn } from '/js/api.js';
import { categoryNames, groupNames } from '/js/definitions-names.js';
import { allPages, el, table } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const session = await requireSignIn();
if (session) {
  try {
    const [terms, agencies] = await Promise.all([allPages(api, '/api/v1/definitions'), allPages(api, '/api/v1/agencies')]);
    const sections = Object.entries(categoryNames).map(([category, title]) => {
      const rows = terms.filter((t) => t.category === category).map((t) => [
        el('a', { class: 'govuk-link', href: `/definition?id=${t.id}` }, t.label),
        category === 'indicator' ? groupNames[t.indicator_group] : (t.cin_code ? `Census code ${t.cin_code}` : ''),
        `Version ${t.version}`,
        `${t.agencies_adopted} of ${agencies.length}`,
      ]);
      return [el('h2', { class: 'govuk-heading-m' }, title),
        table(title, ['Term', category === 'indicator' ? 'Group' : 'Code', 'Version', 'Agencies adopted'], rows)];
    });
    document.getElementById('definitions').replaceChildren(...sections.flat());
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}
