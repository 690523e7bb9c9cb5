/**
 * Builds everything the browser loads into dist/ (the worker's static assets):
 *   1. dist/widget-panel.js    — the panel, an ES module the loader `import()`s;
 *   2. dist/widget.js          — the loader, a classic IIFE for the async embed snippet;
 *   3. dist/console/agent.js   — the agent inbox page (/agent);
 *   4. dist/console/admin.js   — the admin dashboard (/admin).
 * The demo page (examples/site) is copied alongside. dist/ is never emptied:
 * other tools write dist/index/ and dist/docs/.
 * Run with `vite build` (npm run build:widget); `npm run check:size` checks the widget budget.
 * Vitest reads its `test` settings from here too.
 */
import { build, type InlineConfig } from 'vite';
import { defineConfig } from 'vitest/config';

const shared = {
  configFile: false,
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: false, target: 'es2022', minify: 'oxc', sourcemap: false },
} satisfies InlineConfig;

const loader: InlineConfig = {
  ...shared,
  publicDir: false,
  build: {
    ...shared.build,
    copyPublicDir: false,
    lib: { entry: 'widget/src/loader.ts', formats: ['iife'], name: 'SwitchboardLoader', fileName: () => 'widget.js' },
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

export default defineConfig({
  publicDir: 'examples/site',
  build: {
    ...shared.build,
    lib: { entry: 'widget/src/index.ts', formats: ['es'], fileName: () => 'widget-panel.js' },
    // Library mode keeps ES output unminified for downstream bundlers; this file ships as is.
    rolldownOptions: { output: { minify: true } },
  },
  plugins: [
    {
      name: 'switchboard-extra-builds',
      apply: 'build',
      async closeBundle() {
        await build(loader);
        await build(consolePage('agent'));
        await build(consolePage('admin'));
      },
    },
  ],
  test: {
    include: ['{worker,widget,shared,e2e}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.spec.ts'],
  },
});
