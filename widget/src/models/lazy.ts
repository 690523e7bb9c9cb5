/**
 * A part of the panel that loads on first use, as a chunk of its own
 * (dist/widget-<part>.<lang>.js, next to the panel): `value` is undefined until
 * it has loaded, so a component that reads it renders again once it is there.
 * A failed load is forgotten, and the next `load()` tries again.
 *
 * @example
 * const markdown = lazy(() => import('../markdown/render'));
 * void markdown.load().catch(() => undefined);
 * markdown.value.value?.renderMarkdown(text) ?? text;
 */
import { signal } from '@preact/signals-core';

export function lazy<T>(importer: () => Promise<T>) {
  const value = signal<T>();
  let loading: Promise<T> | undefined;
  return {
    value,
    load: (): Promise<T> =>
      (loading ??= importer().then(
        (module) => (value.value = module),
        (error) => {
          loading = undefined;
          throw error;
        },
      )),
  };
}

export type Lazy<T> = ReturnType<typeof lazy<T>>;
