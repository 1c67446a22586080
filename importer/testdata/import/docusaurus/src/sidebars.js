/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
const sidebars = {
  docs: [
    'intro',
    {
      type: 'category',
      label: 'Billing',
      items: ['billing/refunds'],
    },
    {
      type: 'category',
      label: 'Getting started',
      items: ['getting-started/configuration', 'getting-started/install'],
    },
  ],
};

module.exports = sidebars;
