// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * A library's public surface is its `index.ts`: a file outside libs/<lib>/ imports it only as
 * `…/libs/<lib>/index.js`, so what a library keeps inside can change without touching its users. Files of
 * the same library import each other directly. Worker-thread entry files are loaded by path
 * (`new URL('./x.mjs', import.meta.url)`), not imported, and are not affected.
 */
const libsThroughTheirIndex = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      deep: "Import libs/{{lib}} through its index ('{{index}}'), not '{{specifier}}'.",
    },
  },
  create(context) {
    const file = relative(ROOT, context.filename).split(sep).join('/');
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.'))
        return;
      const from = dirname(context.filename);
      const target = relative(ROOT, resolve(from, source.value)).split(sep);
      if (target[0] !== 'libs' || target.length < 3) return;
      const lib = target[1];
      if (file.startsWith(`libs/${lib}/`)) return;
      if (target.length === 3 && target[2] === 'index.js') return;
      const index = relative(from, resolve(ROOT, 'libs', lib, 'index.js'))
        .split(sep)
        .join('/');
      context.report({ node: source, messageId: 'deep', data: { lib, index, specifier: source.value } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

/** Case types and event-type prefixes of the shipped workflows, which libs/ must never spell out. */
const workflowNames = String(
  /^(complaint|goodwill|preferential-claim|warranty-claim|(Complaint|Goodwill|PreferentialClaim|WarrantyClaim)[A-Z]\w*)$/,
);

const infrastructure = [
  '@nestjs/*',
  'better-sqlite3',
  '@eventstore/*',
  'node:*',
  'fs',
  'path',
  'crypto',
  'http',
  'pino',
  'prom-client',
  'jose',
];

// Only libs/workflow-engine/xstate-adapter.ts touches XState (its spec pins what the engine relies on);
// workflows/ import it to define machines.
const xstateOnlyThroughTheAdapter = {
  name: 'xstate',
  message: 'Use libs/workflow-engine/xstate-adapter.ts: it is the one place the engine touches XState.',
};
const xstateSubpaths = {
  group: ['xstate/*'],
  message: xstateOnlyThroughTheAdapter.message,
};

// apps/<app>/ never import another app: what two apps share lives in libs/. A file `below` folders
// under apps/<app>/ reaches apps/ with below + 1 `../`, or spells apps/<other>/ after climbing to the root.
const APPS = ['api', 'cli', 'worker', 'console'];
const appBoundaries = ['api', 'cli', 'worker'].flatMap((app) => {
  const others = APPS.filter((other) => other !== app).join('|');
  return [0, 1, 2, 3, 4].map((below) => ({
    files: [`apps/${app}/${'*/'.repeat(below)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [xstateOnlyThroughTheAdapter],
          patterns: [
            xstateSubpaths,
            {
              regex: `^(\\.\\./){${below + 1}}(${others})/|(^|/)apps/(${others})/`,
              message: 'apps never import one another: what they share lives in libs/.',
            },
          ],
        },
      ],
    },
  }));
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test/bench/emmett/node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // Nest reads constructor parameter types at run time (emitDecoratorMetadata), so type-only imports of
    // injected classes would silently break dependency injection there.
    files: ['apps/**/*.ts', 'libs/*/nest/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Workflows are pure: no framework, no I/O, no clock, no randomness. Everything arrives in the event.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts', 'workflows/**/*.tool.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: infrastructure, message: 'workflows/ must stay free of frameworks and I/O.' },
            {
              group: ['**/apps/**', '**/libs/*/**', '!**/libs/kernel/**'],
              message: 'workflows/ may import only xstate and libs/kernel.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time arrives in the event (occurredAt).' },
        { object: 'Math', property: 'random', message: 'Machines are deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time arrives in the event (occurredAt).',
        },
        { selector: "CallExpression[callee.name='setTimeout']", message: 'No real timers in machines.' },
      ],
    },
  },
  {
    // Reference data is read at start by a loader beside the workflow it feeds, and by the registration
    // list that builds the modules from it; machines and everything else in workflows/ still do no I/O.
    files: ['workflows/**/*.loader.ts', 'workflows/registered-workflows.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...infrastructure, '!node:fs', '!node:path', '!node:url'],
              message: 'loaders may read files (node:fs, node:path, node:url) and nothing else of I/O.',
            },
            {
              group: ['**/apps/**', '**/libs/*/**', '!**/libs/kernel/**'],
              message: 'workflows/ may import only xstate and libs/kernel.',
            },
          ],
        },
      ],
    },
  },
  {
    // Command schemas describe payloads with class-validator and OpenAPI decorators: metadata, no I/O.
    files: ['workflows/**/commands.ts', 'workflows/**/*.commands.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '!@nestjs/swagger', 'better-sqlite3', '@eventstore/*', 'node:*'],
              message: 'command schemas may use class-validator, class-transformer and @nestjs/swagger only.',
            },
            {
              group: ['**/apps/**', '**/libs/*/**', '!**/libs/kernel/**', '!**/libs/command-schema/**'],
              message: 'command schemas may import only libs/kernel and libs/command-schema.',
            },
          ],
        },
      ],
    },
  },
  {
    // The web console runs in the browser and talks only to the public API.
    files: ['apps/console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/api/**', '**/libs/*/**', '!**/libs/kernel/role'],
              message: 'the console uses only the HTTP API (and the role ids).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [xstateOnlyThroughTheAdapter],
          patterns: [{ group: ['**/apps/**'], message: 'libs/ never import apps/.' }, xstateSubpaths],
        },
      ],
    },
  },
  {
    // The adapter and its contract spec, and the small test workflows that define a machine as workflows/ do.
    files: [
      'libs/workflow-engine/xstate-adapter.ts',
      'libs/workflow-engine/xstate-adapter.spec.ts',
      'libs/testing/ticket.workflow.ts',
      'libs/testing/errand.workflow.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**'], message: 'libs/ never import apps/.' }] },
      ],
    },
  },
  ...appBoundaries,
  {
    // Controllers, handlers and interceptors inject the runtime's ports one by one; only the Nest
    // composition (app.module.ts, with create-app.ts that opens the runtime for it) knows the runtime.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/app.module.ts', 'apps/api/src/create-app.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportDeclaration[source.value=/libs\\/runtime\\//] > ImportSpecifier[imported.name=/^(Runtime|EngineRuntime|openRuntime|runtimePorts)$/]',
          message: 'Inject the ports you use (apps/api/src/engine/tokens.ts), not the runtime.',
        },
      ],
    },
  },
  {
    // Benchmarks drive a library's internals on their own (a store, a runner, a checkpointer), and the
    // console's browser code has its own rule (the HTTP API only): both are left out.
    files: ['libs/**/*.ts', 'apps/**/*.ts', 'workflows/**/*.ts', 'test/**/*.ts'],
    ignores: ['apps/console/**', 'test/bench/**', 'test/console/**'],
    plugins: { local: { rules: { 'libs-through-their-index': libsThroughTheirIndex } } },
    rules: { 'local/libs-through-their-index': 'error' },
  },
  {
    // libs/ consume WorkflowModules: they name no workflow, no event type and no payload field of one.
    files: ['libs/**/*.ts'],
    ignores: [
      'libs/**/*.spec.ts',
      'libs/workflow-engine/xstate-adapter.ts',
      'libs/testing/ticket.workflow.ts',
      'libs/testing/errand.workflow.ts',
      'libs/kernel/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [xstateOnlyThroughTheAdapter],
          patterns: [
            { group: ['**/apps/**'], message: 'libs/ never import apps/.' },
            { group: ['**/workflows/**'], message: 'libs/ name no workflow: take a WorkflowModule instead.' },
            xstateSubpaths,
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `Literal[value=${workflowNames}]`,
          message: 'libs/ name no workflow or event type: declare it in the workflow module.',
        },
      ],
    },
  },
  {
    files: ['libs/kernel/**/*.ts'],
    ignores: ['libs/kernel/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // The kernel names the machine type a workflow supplies, and nothing else of XState.
          paths: [{ ...xstateOnlyThroughTheAdapter, allowTypeImports: true }],
          patterns: [
            { group: ['@nestjs/*', 'better-sqlite3', '@eventstore/*'], message: 'kernel has no framework.' },
            { group: ['**/apps/**', '**/libs/*/**'], message: 'kernel depends on nothing.' },
          ],
        },
      ],
    },
  },
  prettier,
);
