// Textes français de la carte d’usage du tableau de bord (usage-chart.js), chargés avec elle
// (i18n.js loadStrings('usage')). Mêmes clés que usage-strings.en.js.

export default {
  'usage.loading': 'Chargement de l’utilisation…',
  'usage.loadFailed': 'L’utilisation n’a pas pu être chargée.',
  'usage.legend': 'Modèles',
  'usage.calls': 'Appels : {count}',
  'usage.tokens': 'Jetons : {input} en entrée, {output} en sortie',
  'usage.cost': 'Coût : {cost}',
  'usage.partial': '{cost}, partiel ({count} sans prix)',
  'usage.other': 'Autres modèles',
  'usage.byKey': 'Utilisation par clé d’application',
  'usage.byKeyHint': 'Appels passés avec chaque clé sur les mêmes jours ; ceux du bouton Tester n’ont pas de clé.',
  'usage.toKeys': 'Gérer les clés',
  'usage.modelCalls': '{name} : {count}',
  'usage.emptyLabel': 'Appels par jour du {from} au {to} : aucun.',
  'usage.summary': 'Appels par jour du {from} au {to}. Total : {calls} ; jour le plus chargé le {day} avec {busiest}. Coût : {cost}.',
};
