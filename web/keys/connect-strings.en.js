// English strings of "Connect an application" and its copy buttons (connect.js), on the
// dashboard and the Keys page (i18n.js loadStrings('connect')). Every key here exists in
// connect-strings.fr.js too.

export default {
  'keys.copy': 'Copy',
  'keys.copyNamed': 'Copy the {name} example',
  'keys.copied': 'Copied',
  'keys.copyFailed': 'Copy failed: select the text',
  'keys.connect.title': 'Connect an application',
  'keys.connect.intro': 'Hangar answers the OpenAI API: point any OpenAI client at this base URL with an application key. "default" is the default chat model; any catalog model id or API name works too.',
  'keys.connect.base': 'Base URL:',
  'keys.connect.withSecret': 'The examples use the key just created.',
  'keys.connect.withPlaceholder': 'Replace {placeholder} with a key’s secret (shown once when the key is created).',
  'keys.connect.curl': 'curl',
  'keys.connect.python': 'Python (openai)',
  'keys.connect.javascript': 'JavaScript (openai)',
};
