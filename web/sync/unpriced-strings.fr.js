// La carte « usage sans prix » du tableau de bord (sync/unpriced-card.js), chargée avec elle.
export default {
  'unpriced.title': 'Usage sans prix',
  'unpriced.intro': 'Ces modèles ont été appelés ces 30 derniers jours mais n’ont pas de prix : leur coût est inconnu.',
  'unpriced.call': '{count} appel',
  'unpriced.calls': '{count} appels',
  'unpriced.setPrice': 'Fixer le prix de {name}',
  'unpriced.sync': 'Synchroniser les prix',
};
