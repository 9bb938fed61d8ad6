import { createElement, use, type ComponentType, type ReactNode } from 'react';

/** A component in its own chunk: it suspends until the chunk is loaded, and renders at once after `preload()`. */
export type Preloadable<P extends object = object> = ((props: P) => ReactNode) & { preload(): Promise<void> };

// Not React.lazy: a lazy component suspends on its first render even when its chunk has already
// arrived, and React then holds the revealed Suspense boundary back for up to 300 ms. The page the
// browser opens on is preloaded before the first render (main.tsx), so it renders without suspending.
export function preloadable<P extends object = object>(load: () => Promise<{ default: ComponentType<P> }>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  // One promise per component, as React.lazy keeps one: `use` needs the same promise on every render.
  let loading: Promise<void> | null = null;
  const preload = () =>
    (loading ??= load().then((module) => {
      loaded = module.default;
    }));
  const Component = (props: P): ReactNode => {
    if (!loaded) use(preload());
    return loaded ? createElement(loaded, props) : null;
  };
  return Object.assign(Component, { preload });
}
