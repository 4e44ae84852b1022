// GOV.UK error pattern for the client's forms: an error summary at the top
// linking to each field, and the message beside the field itself.

const summary = () => document.getElementById('error-summary');

/** Removes every error shown on the page. */
export function clearErrors() {
  summary()?.classList.add('app-hidden');
  const list = document.getElementById('error-list');
  if (list) list.replaceChildren();
  for (const group of document.querySelectorAll('.govuk-form-group--error')) group.classList.remove('govuk-form-group--error');
  for (const input of document.querySelectorAll('.govuk-input--error')) input.classList.remove('govuk-input--error');
  for (const message of document.querySelectorAll('.govuk-error-message')) message.classList.add('app-hidden');
}

/**
 * Shows errors, each {field, message}; field is an input id, or null for a
 * problem with the whole form. Moves focus to the summary.
 */
export function showErrors(errors) {
  clearErrors();
  const list = document.getElementById('error-list');
  for (const { field, message } of errors) {
    const item = document.createElement('li');
    const input = field && document.getElementById(field);
    if (input) {
      const link = document.createElement('a');
      link.href = `#${field}`;
      link.textContent = message;
      item.append(link);
      document.getElementById(`${field}-group`)?.classList.add('govuk-form-group--error');
      input.classList.add('govuk-input--error');
      const inline = document.getElementById(`${field}-error`);
      if (inline) {
        const hidden = document.createElement('span');
        hidden.className = 'govuk-visually-hidden';
        hidden.textContent = 'Error: ';
        inline.replaceChildren(hidden, message);
        inline.classList.remove('app-hidden');
      }
    } else {
      item.textContent = message;
    }
    list.append(item);
  }
  const box = summary();
  box.classList.remove('app-hidden');
  box.setAttribute('tabindex', '-1');
  box.focus();
  if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
}

/** Turns an ApiError into the error shown, in the user's words where the server's are technical. */
export function errorFor(error, friendly = {}) {
  const message = friendly[error.code] || error.message;
  return { field: error.field, message: message.charAt(0).toUpperCase() + message.slice(1) };
}

/** Shows the green success banner at the top of the page with text. */
export function showDone(text) {
  document.getElementById('done-text').textContent = text;
  document.getElementById('done-banner').classList.remove('app-hidden');
}
