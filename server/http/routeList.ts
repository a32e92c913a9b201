import type { Express } from 'express';

/** What Express keeps of a registered layer: a route with its methods, or a router mounted at the root. */
interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every HTTP route the app answers, as "METHOD /path", read from what Express registered (every
 * router is mounted at the root, so each route's path is whole). The route-policy test checks
 * this list against the policy table, so a route added by any helper cannot escape it.
 */
export function registeredRoutes(app: Express): string[] {
  const found = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) for (const path of paths) found.add(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...found].sort();
}
