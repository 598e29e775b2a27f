import { CLAIMS_EXTENSION } from './require-claims.decorator';
import { SEEDED_ROLES } from './claims';

interface OpenApiOperation {
  summary?: string;
  security?: unknown[];
  [CLAIMS_EXTENSION]?: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * docs/claims.md: every operation of the OpenAPI document with the claims it requires and the
 * seeded roles that hold them. Built from the document (itself built from the decorators), so it
 * cannot drift from the code; test/platform/openapi.spec.ts checks the committed file.
 */
export function claimsTable(document: { paths: Record<string, Record<string, OpenApiOperation>> }): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(document.paths).sort(([a], [b]) => a.localeCompare(b))) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const claims = operation[CLAIMS_EXTENSION] ?? [];
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      const roles = isPublic
        ? 'anyone'
        : Object.entries(SEEDED_ROLES)
            .filter(([, held]) => claims.every((claim) => (held as readonly string[]).includes(claim)))
            .map(([role]) => role)
            .join(', ');
      const required = isPublic ? 'public' : claims.length ? claims.map((claim) => `\`${claim}\``).join(' and ') : 'any signed-in user';
      rows.push(`| ${method.toUpperCase()} | \`${path}\` | ${required} | ${roles} | ${(operation.summary ?? '').replaceAll('|', '\\|')} |`);
    }
  }
  return [
    '# Claims per route',
    '',
    'Generated from the OpenAPI document by `npm run openapi`; do not edit. A caller holds the active',
    "claims of its role plus those granted to it directly ([users.md](users.md)); the roles column shows",
    'which seeded roles hold every claim a route needs (operators may change those roles).',
    '',
    '| Method | Path | Claims | Seeded roles | Summary |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
