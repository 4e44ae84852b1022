// How the client names the categories and indicator groups of definitions.
export const categoryNames = {
  exploitation_type: 'Types of exploitation and harm',
  context_type: 'Kinds of context',
  link_type: 'Kinds of link',
  indicator: 'Indicators',
  adverse_childhood_experience: 'Adverse childhood experiences',
};
export const groupNames = { push: 'Push factor', pull: 'Pull factor', control: 'Control factor', sign: 'Sign' };
