import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { UnauthenticatedError } from '../../platform/auth/auth.errors';
import { Principal, PRINCIPAL_RESOLVER, PrincipalResolver } from '../../platform/auth/principal';
import { AppConfig } from '../../platform/config/app-config';
import { issuedBeforeSessionsEnded } from './session-rules';
import { AccessTokenPayload } from './token.service';

export class SessionEndedError extends UnauthenticatedError {
  constructor() {
    super('This session has ended (new password, disabled user or sessions revoked); log in again.');
  }
}

/**
 * Bearer tokens: HS256 only (so `alg: none` and any other algorithm are refused), issuer, audience
 * and expiry checked, `exp` and `iat` required (a token without an expiry would never end); the
 * subject must still be an active user whose sessions were not ended after the token was issued.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    @Inject(PRINCIPAL_RESOLVER) private readonly principals: PrincipalResolver,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a public
      // key on every verification, which cost most of an authenticated request's CPU.
      secretOrKey: createSecretKey(Buffer.from(config.secrets.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5 },
    });
  }

  /** Also run for a token the guard verified before, so every rule on the user holds on that path too. */
  async validate(payload: AccessTokenPayload): Promise<Principal | false> {
    // jsonwebtoken checks `exp` only when present.
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') throw new UnauthenticatedError('The access token is invalid: it must carry when it was issued (iat) and when it expires (exp).');
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || !/^\d{1,18}$/.test(payload.sub)) return false;
    const principal = await this.principals.resolve(BigInt(payload.sub));
    if (!principal) return false;
    if (issuedBeforeSessionsEnded(payload.iat, principal.tokensValidAfter)) throw new SessionEndedError();
    return principal;
  }
}
