/**
 * Builds everything the browser loads into dist/ (the worker's static assets):
 *   1. dist/widget-panel.<lang>.js — the panel, an ES module the loader `import()`s,
 *      one file per language so a visitor downloads one language's strings;
 *   2. dist/widget.js          — the loader, a classic IIFE for the async embed snippet;
 *   3. dist/console/agent.js   — the agent inbox page (/agent);
 *   4. dist/console/admin.js   — the admin dashboard (/admin).
 * The demo page (examples/site) is copied alongside. dist/ is never emptied:
 * other tools write dist/index/ and dist/docs/.
 * Run with `vite build` (npm run build:widget); `npm run check:size` checks the widget budget.
 * Vitest reads its `test` settings from here too.
 */
import { build, type InlineConfig, type Plugin } from 'vite';
import { minify as terserMinify } from 'terser';
import { defineConfig } from 'vitest/config';

const shared = {
  configFile: false,
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: false, target: 'es2022', minify: 'oxc', sourcemap: false },
} satisfies InlineConfig;

const LANGS = ['en', 'de', 'fr', 'es', 'ar'] as const;

/** Size first: the panel ships to every visitor, so mangle top-level names too and drop comments. */
const minify = { compress: { target: 'es2022' }, mangle: { toplevel: true }, codegen: { removeWhitespace: true, legalComments: 'none' } } as const;

/**
 * A second minifier over oxc's output: terser's extra compress passes find
 * ~100 B more in the panel, which ships to every visitor. Its output also
 * drops the `/* @__PURE__ *\/` marks oxc keeps for downstream bundlers.
 */
const squeeze: Plugin = {
  name: 'switchboard-squeeze',
  async generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const result = await terserMinify(chunk.code, {
        module: chunk.fileName !== 'widget.js',
        toplevel: true,
        compress: { passes: 2, ecma: 2020 },
        format: { comments: false, ecma: 2020 },
      });
      chunk.code = result.code!;
    }
  },
};

/** The panel in one language: `__SB_LANG__` folds `panelStrings()` to that language's table. */
const panel = (lang: string): InlineConfig => ({
  ...shared,
  publicDir: false,
  define: { __SB_LANG__: JSON.stringify(lang) },
  // Classic JSX: `h(type, props, ...children)` is shorter than jsx-runtime's `{ children: [...] }` and needs no second factory.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  plugins: [squeeze],
  build: {
    ...shared.build,
    copyPublicDir: false,
    lib: { entry: 'widget/src/index.ts', formats: ['es'], fileName: () => `widget-panel.${lang}.js` },
    // Library mode keeps ES output unminified for downstream bundlers; these files ship as they are.
    // Parts loaded on first use (markdown, feedback) are chunks beside the panel, one per language, since they import from it.
    rolldownOptions: { preserveEntrySignatures: 'allow-extension', output: { minify, chunkFileNames: (chunk) => `widget-${chunk.name.toLowerCase()}.${lang}.js` } },
  },
});

const loader: InlineConfig = {
  ...shared,
  publicDir: false,
  plugins: [squeeze],
  build: {
    ...shared.build,
    copyPublicDir: false,
    lib: { entry: 'widget/src/loader.ts', formats: ['iife'], name: 'SwitchboardLoader', fileName: () => 'widget.js' },
    rolldownOptions: { output: { minify } },
  },
};

/** The staff pages: same-origin ES modules, never embedded on other sites. */
const consolePage = (name: 'agent' | 'admin'): InlineConfig => ({
  ...shared,
  publicDir: false,
  build: {
    ...shared.build,
    copyPublicDir: false,
    lib: { entry: `widget/src/console/${name}/main.tsx`, formats: ['es'], fileName: () => `console/${name}.js` },
    rolldownOptions: { output: { minify: true } },
  },
});

/** Every vitest file; the ones below run as the `integration` project, the rest as `unit`. */
export const TESTS = '{worker,widget,shared,test,tools,bench}/**/*.test.ts';

/**
 * Tests that start a server or a process (the OpenAI-compatible double, redis-server and the
 * Upstash REST bridge, the Upstash Vector double, the webhook receiver, a child process) or run
 * an eval over a whole knowledge base (named *.integration.test.ts). worker/imports.test.ts fails when a test starts one of those and is not listed.
 */
export const INTEGRATION_TESTS = [
  '**/*.integration.test.ts',
  'test/openai-test-server.test.ts',
  'tools/upstash-redis-bridge.test.ts',
  'worker/cli/local-store.test.ts',
  'worker/cli/ingest-replace.test.ts',
  'worker/cli/upstash-vector-target.test.ts',
  'worker/cli/vector-ingest.test.ts',
  'worker/src/adapters/upstash-rate-limiter.test.ts',
  'worker/src/adapters/upstash-redis-store.test.ts',
  'worker/src/adapters/upstash-vector-retriever.test.ts',
  'worker/src/adapters/upstash-vector-ticket-index.test.ts',
  'worker/src/routes/agent.test.ts',
  'worker/src/routes/chat-ownership.test.ts',
  'worker/src/routes/chat.test.ts',
  'worker/src/routes/context.test.ts',
  'worker/src/routes/escalation.test.ts',
  'worker/src/routes/handoff-delivery.test.ts',
  'worker/src/routes/handoff.test.ts',
  'worker/src/security/*.test.ts',
  'worker/src/triage/llm-triage.test.ts',
];

export default defineConfig({
  ...panel(LANGS[0]),
  publicDir: 'examples/site',
  build: { ...panel(LANGS[0]).build, copyPublicDir: true },
  plugins: [
    squeeze,
    {
      name: 'switchboard-extra-builds',
      apply: 'build',
      async closeBundle() {
        await build(loader);
        for (const lang of LANGS.slice(1)) await build(panel(lang));
        await build(consolePage('agent'));
        await build(consolePage('admin'));
      },
    },
  ],
  test: {
    exclude: ['**/node_modules/**', '**/*.spec.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: [TESTS], exclude: ['**/node_modules/**', ...INTEGRATION_TESTS] } },
      { extends: true, test: { name: 'integration', include: INTEGRATION_TESTS } },
    ],
  },
});
