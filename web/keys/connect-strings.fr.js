// Textes français de « Connecter une application » et de ses boutons de copie (connect.js),
// sur le tableau de bord et la page Clés (i18n.js loadStrings('connect')). Mêmes clés que
// connect-strings.en.js.

export default {
  'keys.copy': 'Copier',
  'keys.copyNamed': 'Copier l’exemple {name}',
  'keys.copied': 'Copié',
  'keys.copyFailed': 'Échec de la copie : sélectionnez le texte',
  'keys.connect.title': 'Connecter une application',
  'keys.connect.intro': 'Hangar répond à l’API OpenAI : pointez n’importe quel client OpenAI vers cette URL de base avec une clé d’application. « default » est le modèle de chat par défaut ; l’identifiant ou le nom d’API de tout modèle du catalogue convient aussi.',
  'keys.connect.base': 'URL de base :',
  'keys.connect.withSecret': 'Les exemples utilisent la clé qui vient d’être créée.',
  'keys.connect.withPlaceholder': 'Remplacez {placeholder} par le secret d’une clé (affiché une fois, à sa création).',
  'keys.connect.curl': 'curl (ligne de commande)',
  'keys.connect.python': 'Python (paquet openai)',
  'keys.connect.javascript': 'JavaScript (paquet openai)',
};
