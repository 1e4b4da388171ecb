// English strings of the dashboard's usage card (usage-chart.js), loaded with it
// (i18n.js loadStrings('usage')). Every key here exists in usage-strings.fr.js too.

export default {
  'usage.loading': 'Loading usage…',
  'usage.loadFailed': 'The usage could not be loaded.',
  'usage.legend': 'Models',
  'usage.calls': 'Calls: {count}',
  'usage.tokens': 'Tokens: {input} in, {output} out',
  'usage.cost': 'Cost: {cost}',
  'usage.partial': '{cost}, partial ({count} unpriced)',
  'usage.other': 'Other models',
  'usage.byKey': 'Usage by application key',
  'usage.byKeyHint': 'Calls made with each key over the same days; the Test button’s calls have no key.',
  'usage.toKeys': 'Manage keys',
  'usage.modelCalls': '{name}: {count}',
  'usage.emptyLabel': 'Calls per day from {from} to {to}: none.',
  'usage.summary': 'Calls per day from {from} to {to}. Total: {calls}; busiest day {day} with {busiest}. Cost: {cost}.',
};
