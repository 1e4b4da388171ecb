// English strings of the model form's Hub picker (hub-picker.js), loaded with it
// (i18n.js loadStrings('hub')). Every key here exists in hub-strings.fr.js too.

export default {
  'hub.title': 'Browse the Hugging Face Hub',
  'hub.intro': 'GGUF models, most downloaded first. Choose a repository, then a quantization: the repository, revision and file fill in.',
  'hub.close': 'Close the Hub',
  'hub.searchLabel': 'Search the Hub',
  'hub.searchPlaceholder': 'e.g. qwen, llama',
  'hub.search': 'Search',
  'hub.searching': 'Searching the Hub…',
  'hub.results': 'GGUF repositories',
  'hub.count': 'Repositories found: {count}',
  'hub.empty': 'No GGUF model matches “{query}”.',
  'hub.emptyAll': 'No GGUF model found.',
  'hub.downloads': 'Downloads: {count}',
  'hub.gated': 'Gated',
  'hub.private': 'Private',
  'hub.back': 'Back to the results',
  'hub.revision': 'Revision: {revision}',
  'hub.loadingFiles': 'Reading the repository’s files…',
  'hub.choices': 'Quantizations',
  'hub.noChoices': 'This repository has no GGUF file at this revision.',
  'hub.parts': '{count} parts',
  'hub.incomplete': 'Parts in the repository: {found} of {parts}. This model cannot be downloaded.',
  'hub.unavailable': 'The Hub cannot be reached right now. Enter the repository and file by hand.',
  'hub.filled': 'Filled in from {repo}: {label}.',
  // Said in languages other than English (English shows the server's own sentence).
  'hub.error.hf_not_found': 'The Hub has no such repository at this revision, or it is private.',
  'hub.error.hf_unauthorized': 'The Hub refused access to this repository.',
  'hub.error.hf_gated': 'This repository is gated: its terms must first be accepted on huggingface.co.',
};
