import { useEffect, useState } from 'preact/hooks';

/** The page shown, from the URL's hash (the API serves one static page; the hash picks the view). */
export type Route =
  | { readonly page: 'explore' }
  | { readonly page: 'port'; readonly port: number }
  | { readonly page: 'stats' };

/** Reads a hash such as `#/port/443` or `#/stats`; anything else is the explorer. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const port = /^\/port\/(\d{1,5})$/.exec(path)?.[1];
  if (port !== undefined && Number(port) <= 65535) return { page: 'port', port: Number(port) };
  if (path === '/stats') return { page: 'stats' };
  return { page: 'explore' };
}

/** The hash that shows a route. */
export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'explore':
      return '#/';
    case 'port':
      return `#/port/${route.port}`;
    case 'stats':
      return '#/stats';
  }
}

/** The current route, following hash changes (links and the back button). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => {
      setRoute(parseRoute(location.hash));
    };
    addEventListener('hashchange', onChange);
    return () => {
      removeEventListener('hashchange', onChange);
    };
  }, []);
  return route;
}
