// @ts-check
/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Kitewire Docs',
  tagline: 'Help for Kitewire',
  url: 'https://docs.kitewire.example',
  baseUrl: '/',
  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: require.resolve('./sidebars.js'),
        },
      },
    ],
  ],
};

module.exports = config;
