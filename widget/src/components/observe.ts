/**
 * Makes a function component re-render when a signal it read changes: what
 * @preact/signals does, in a few lines on @preact/signals-core and without
 * preact/hooks (together they cost ~2 KB gzipped of a 16 KB budget).
 *
 * @example
 * const Count = observe(({ model }: { model: Model }) => <b>{model.count.value}</b>);
 */
import { effect } from '@preact/signals-core';
import { Component, type ComponentChildren, type RenderableProps } from 'preact';

export function observe<P>(view: (props: P) => ComponentChildren) {
  return class Observed extends Component<P> {
    private dispose?: () => void;
    override render(props: RenderableProps<P>): ComponentChildren {
      this.dispose?.();
      let output: ComponentChildren;
      let first = true;
      // The first run renders and records what was read; any later run means a dependency changed.
      this.dispose = effect(() => {
        if (first) output = view(props);
        else this.setState({});
        first = false;
      });
      return output;
    }
    override componentWillUnmount(): void {
      this.dispose?.();
    }
  };
}
