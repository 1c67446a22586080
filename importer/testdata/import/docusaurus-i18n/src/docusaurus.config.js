// @ts-check
/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Kitewire Docs',
  url: 'https://docs.kitewire.example',
  baseUrl: '/',
  i18n: {
    defaultLocale: 'en',
    locales: ['en', 'de', 'ar'],
    localeConfigs: {
      en: {label: 'English', htmlLang: 'en-US'},
      de: {
        label: 'Deutsch', // the switcher's label
        direction: 'ltr',
      },
      ar: {label: 'العربية', direction: 'rtl'},
    },
  },
  presets: [['classic', {docs: {routeBasePath: 'docs'}}]],
};

module.exports = config;
