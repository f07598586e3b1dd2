import svelteConfig from '@sveltejs/eslint-config';

export default [
  ...svelteConfig,
  {
    ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/demo/'],
  },
];
