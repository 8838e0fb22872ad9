// Lint: typescript-eslint's recommended rules, file-size limits, and the dependency
// rule between the folders of src/ (see README "Architecture"). Every folder may import
// core/, text/, state/interfaces and config/schema; anything else of another folder only
// if its line below lists it. Stages (fetch, parse, match, summarize, route, deliver…)
// list nothing or next to nothing; pipeline/, service/, cli/ and demo/ wire stages
// together through their index.js. A new folder must be added to FOLDERS and given a line.
// eslint-plugin-regexp's recommended rules, with its super-linear checks as errors
// everywhere, keep patterns that backtrack on hostile input (issue 16) out: text from
// feeds reaches most regular expressions.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const FOLDERS = [
  'briefing',
  'cli',
  'config',
  'core',
  'deliver',
  'demo',
  'fetch',
  'history',
  'interact',
  'match',
  'observe',
  'parse',
  'pipeline',
  'route',
  'scheduler',
  'service',
  'state',
  'stories',
  'summarize',
  'text',
];
/** Importable from anywhere. */
const SHARED = ['core', 'text'];
const EVERYONE = ['state/interfaces.js', 'config/schema.js'];

/** Each folder's imports of other folders, beyond SHARED and EVERYONE (files directly in a folder, or 'folder/*'). */
const ALLOWED = {
  briefing: [],
  // Commands import what they run: check.ts checks the sinks without building them (deliver/plan.js);
  // status and boot name the state file's holder and problems (state/errors, lock, monitor).
  cli: [
    'config/errors.js',
    'config/load.js',
    'deliver/plan.js',
    'demo/run.js',
    'fetch/index.js',
    'history/*',
    'interact/feedback-report.js',
    'match/index.js',
    'observe/cluster.js',
    'observe/health.js',
    'observe/log.js',
    'parse/index.js',
    'service/config-summary.js',
    'service/runtime.js',
    'service/service.js',
    'state/backend.js',
    'state/copy.js',
    'state/postgres/store.js',
    'state/errors.js',
    'state/lock.js',
    'state/monitor.js',
    'state/store.js',
  ],
  // The loader compiles the watchlists, so a config with a bad pattern is rejected whole.
  config: ['match/index.js'],
  core: [],
  deliver: [],
  demo: ['config/load.js', 'observe/log.js', 'service/runtime.js', 'service/service.js'],
  fetch: [],
  // Backtest matches and routes the stored history as the pipeline would.
  history: ['match/index.js', 'route/index.js'],
  interact: [],
  match: [],
  // Types of what it shows: sender events, pipeline metrics, status rows.
  observe: ['deliver/index.js', 'pipeline/metrics.js', 'state/status-store.js'],
  parse: [],
  pipeline: ['fetch/index.js', 'parse/index.js', 'match/index.js', 'route/index.js', 'summarize/index.js'],
  route: [],
  scheduler: [],
  service: [
    'briefing/index.js',
    'config/errors.js',
    'config/load.js',
    'deliver/index.js',
    'fetch/index.js',
    'interact/index.js',
    'match/index.js',
    'parse/worker-pool.js',
    'observe/*',
    'pipeline/*',
    'scheduler/*',
    'state/*',
  ],
  // The stores apply the same-story rule inside their transactions.
  state: ['stories/index.js'],
  stories: [],
  summarize: [],
  text: [],
};

// No folder escapes the rule: one without a line here stops the lint.
const missing = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !(d.name in ALLOWED))
  .map((d) => d.name);
if (missing.length) throw new Error(`eslint.config.js: add src/${missing.join(', src/')} to FOLDERS and ALLOWED`);
if (FOLDERS.some((f) => !(f in ALLOWED)))
  throw new Error('eslint.config.js: every folder of FOLDERS needs a line in ALLOWED');

const folderRule = (dir, allowed) => ({
  files: [`src/${dir}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [
              ...FOLDERS.filter((f) => f !== dir && !SHARED.includes(f)).map((f) => `**/${f}/**`),
              ...[...EVERYONE, ...allowed].map((a) => `!**/${a}`),
            ],
            message: `src/${dir} may import ${[...SHARED.map((f) => `${f}/`), ...EVERYONE, ...allowed].join(', ')} of other folders only (see eslint.config.js).`,
          },
        ],
      },
    ],
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
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 700, skipBlankLines: true, skipComments: true }] },
  },
  ...Object.entries(ALLOWED).map(([dir, allowed]) => folderRule(dir, allowed)),
);
