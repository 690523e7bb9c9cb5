/**
 * Builds the widget into dist/ (the worker's static assets), in two passes:
 *   1. dist/widget-panel.js — the panel, an ES module the loader `import()`s;
 *   2. dist/widget.js       — the loader, a classic IIFE for the async embed snippet.
 * The demo page (examples/site) is copied alongside. dist/ is never emptied:
 * other tools write dist/index/.
 * Run with `vite build` (npm run build:widget); `npm run check:size` checks the budget.
 */
import { build, defineConfig, type UserConfig } from 'vite';

const shared = {
  configFile: false,
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: false, target: 'es2022', minify: 'oxc', sourcemap: false },
} satisfies UserConfig;

const loader: UserConfig = {
  ...shared,
  publicDir: false,
  build: {
    ...shared.build,
    copyPublicDir: false,
    lib: { entry: 'widget/src/loader.ts', formats: ['iife'], name: 'SwitchboardLoader', fileName: () => 'widget.js' },
  },
};

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
      name: 'switchboard-loader',
      apply: 'build',
      async closeBundle() {
        await build(loader);
      },
    },
  ],
});
