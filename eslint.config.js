// Lint: typescript-eslint's recommended rules, file-size limits, and the dependency
// rule between stages (see README "Architecture"): a stage may import core/, text/
// and the narrow state interfaces, never another stage; only pipeline/, cli/ and
// service/ wire stages together. eslint-plugin-regexp's recommended rules, with its
// super-linear checks as errors everywhere, keeps patterns that backtrack on hostile
// input (issue 16) out: text from feeds reaches most regular expressions.
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const STAGES = ['config', 'cli', 'service', 'pipeline', 'scheduler', 'fetch', 'parse', 'match', 'summarize', 'route', 'deliver', 'observe', 'state', 'demo'];

const stage = (dir, allowed) => ({
  files: [`src/${dir}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: [...STAGES.filter((s) => s !== dir).map((s) => `**/${s}/*`), '!**/state/interfaces.js', '!**/config/schema.js', ...allowed.map((a) => `!**/${a}`)],
        message: `src/${dir} is a pipeline stage: it may import core/, text/, state/interfaces and config/schema only (see eslint.config.js).`,
      }],
    }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test-results/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      // ignorePartial: a pattern used by .test()/.search() is still run against whole feed texts.
      'regexp/no-super-linear-move': ['error', { ignorePartial: false, ignoreSticky: false }],
    },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['tests/**/*.ts', 'bench/**/*.ts'], rules: { 'max-lines': ['error', { max: 700, skipBlankLines: true, skipComments: true }] } },
  stage('match', []),
  stage('parse', []),
  stage('fetch', []),
  stage('summarize', ['match/*']),
  stage('deliver', ['observe/log.js']),
  stage('text', []),
);
