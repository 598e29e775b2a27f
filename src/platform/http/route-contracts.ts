/**
 * Routes kept on an external contract older than this API's conventions (a card network's
 * authorizer, an ERP's cashback call): an alias path served by the same handler, and an answer for
 * errors other than authentication that replaces problem+json. Modules register theirs when their
 * files load; configureHttp and the problem filter read them.
 */
export interface RouteContract {
  /** Paths (after any alias rewrite) the contract covers. */
  paths: string[];
  /**
   * Old path -> current path, rewritten before routing so guards and metrics see one route; for
   * the methods of ALIAS_METHODS only (another method on an old path answers 405).
   */
  aliases?: Record<string, string>;
  /** Path -> largest JSON body accepted there, when above BODY_LIMIT (uploads). */
  bodyLimits?: Record<string, string>;
  /** The answer for an error with this HTTP status, or undefined to keep problem+json. */
  onError(status: number): { status: number; body: unknown } | undefined;
}

/** The methods old contracts' paths are served for: every one of them was a POST. */
export const ALIAS_METHODS: readonly string[] = ['POST'];

const contracts: RouteContract[] = [];

export function registerRouteContract(contract: RouteContract): void {
  contracts.push(contract);
}

export function routeAliases(): Record<string, string> {
  return Object.assign({}, ...contracts.map((contract) => contract.aliases ?? {}));
}

export function routeBodyLimits(): Record<string, string> {
  return Object.assign({}, ...contracts.map((contract) => contract.bodyLimits ?? {}));
}

export function contractFor(request: { path?: string; url?: string }): RouteContract | undefined {
  const path = (request.path ?? request.url ?? '').split('?')[0].replace(/\/+$/, '');
  return contracts.find((contract) => contract.paths.includes(path));
}
