// The dashboard's unpriced usage card (sync/unpriced-card.js), loaded with it.
export default {
  'unpriced.title': 'Usage without a price',
  'unpriced.intro': 'These models had calls in the last 30 days but have no price, so their cost is unknown.',
  'unpriced.call': '{count} call',
  'unpriced.calls': '{count} calls',
  'unpriced.setPrice': 'Set a price for {name}',
  'unpriced.sync': 'Sync prices',
};
