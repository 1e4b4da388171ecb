// Chaînes françaises du sélecteur du Hub du formulaire de modèle (hub-picker.js), chargées
// avec lui (i18n.js loadStrings('hub')). Mêmes clés que hub-strings.en.js.

export default {
  'hub.title': 'Parcourir le Hub Hugging Face',
  'hub.intro': 'Modèles GGUF, les plus téléchargés d’abord. Choisissez un dépôt, puis une quantification : le dépôt, la révision et le fichier se remplissent.',
  'hub.close': 'Fermer le Hub',
  'hub.searchLabel': 'Rechercher sur le Hub',
  'hub.searchPlaceholder': 'ex. : qwen, llama',
  'hub.search': 'Rechercher',
  'hub.searching': 'Recherche sur le Hub…',
  'hub.results': 'Dépôts GGUF',
  'hub.count': 'Dépôts trouvés : {count}',
  'hub.empty': 'Aucun modèle GGUF ne correspond à « {query} ».',
  'hub.emptyAll': 'Aucun modèle GGUF trouvé.',
  'hub.downloads': 'Téléchargements : {count}',
  'hub.gated': 'Accès restreint',
  'hub.private': 'Privé',
  'hub.back': 'Retour aux résultats',
  'hub.revision': 'Révision : {revision}',
  'hub.loadingFiles': 'Lecture des fichiers du dépôt…',
  'hub.choices': 'Quantifications',
  'hub.noChoices': 'Ce dépôt n’a aucun fichier GGUF à cette révision.',
  'hub.parts': '{count} parties',
  'hub.incomplete': 'Parties présentes dans le dépôt : {found} sur {parts}. Ce modèle ne peut pas être téléchargé.',
  'hub.unavailable': 'Le Hub est injoignable pour le moment. Saisissez le dépôt et le fichier à la main.',
  'hub.filled': 'Rempli depuis {repo} : {label}.',
  // Dits dans les langues autres que l’anglais (l’anglais montre la phrase du serveur).
  'hub.error.hf_not_found': 'Le Hub ne connaît pas ce dépôt à cette révision, ou il est privé.',
  'hub.error.hf_unauthorized': 'Le Hub refuse l’accès à ce dépôt.',
  'hub.error.hf_gated': 'Ce dépôt est à accès restreint : ses conditions doivent d’abord être acceptées sur huggingface.co.',
};
