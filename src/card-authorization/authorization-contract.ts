import { registerRouteContract } from '../platform/http/route-contracts';

export const AUTHORIZATION_PATH = '/api/v1/transactions';

/**
 * The card network's contract: every outcome is 200 with `{"code": "..."}`; anything wrong with the
 * request (broken JSON, unknown fields, a body too large, an unexpected failure) is code 07. Only
 * authentication (401), missing claims (403) and rate limits (429) keep their own answers. The
 * original path, POST /transactions, is served by the same handler.
 */
registerRouteContract({
  paths: [AUTHORIZATION_PATH],
  aliases: { '/transactions': AUTHORIZATION_PATH },
  onError: (status) => ([401, 403, 429].includes(status) ? undefined : { status: 200, body: { code: '07' } }),
});
