import { useLayoutEffect } from 'react';
import { navigate as wouterNavigate } from 'wouter/use-browser-location';

// Routing is wouter (a tiny, well-kept router on the History API). These re-exports keep one
// import path for the app's pages.
export { Link, Route, Switch, useLocation, useParams, useSearch } from 'wouter';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  wouterNavigate(to, { replace: options.replace ?? false });
}

export function Redirect({ to }: { to: string }) {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
