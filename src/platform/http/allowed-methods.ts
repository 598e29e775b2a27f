import type { FastifyInstance } from 'fastify';
import { ALIAS_METHODS, routeAliases } from './route-contracts';

/** Methods a route may be registered for; HEAD and OPTIONS follow from them (see allowedMethods). */
const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** What the not-found handler needs of the server: Fastify's router lookup by concrete path. */
export type RouteFinder = Pick<FastifyInstance, 'findRoute'>;

/**
 * The methods served at a path, for the Allow header of a 405; empty when no route serves the path
 * at all (a 404). HEAD comes with GET (Fastify answers it from the GET route); OPTIONS when CORS
 * preflight is served (its route matches every path, so it alone never makes a path known). An old
 * contract's path is served for the methods its alias is rewritten for. Called only from the
 * not-found answer, so a few router lookups cost nothing on the routes' own requests.
 */
export function allowedMethods(server: RouteFinder, path: string): string[] {
  const served = new Set<string>(ROUTE_METHODS.filter((method) => server.findRoute({ method, url: path }) !== null));
  const bare = path.split('?')[0].replace(/\/+$/, '');
  if (bare in routeAliases()) for (const method of ALIAS_METHODS) served.add(method);
  if (served.size === 0) return [];
  if (served.has('GET')) served.add('HEAD');
  if (server.findRoute({ method: 'OPTIONS', url: path }) !== null) served.add('OPTIONS');
  return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((method) => served.has(method));
}
