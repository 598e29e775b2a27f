import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal, PRINCIPAL_RESOLVER, PrincipalResolver } from '../../platform/auth/principal';
import { AppConfig } from '../../platform/config/app-config';
import { AccessTokenPayload } from './token.service';

/**
 * Bearer tokens: HS256 only (so `alg: none` and any other algorithm are refused), issuer, audience
 * and expiry checked; the subject must still be an active user.
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

  async validate(payload: AccessTokenPayload): Promise<Principal | false> {
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || !/^\d{1,18}$/.test(payload.sub)) return false;
    return (await this.principals.resolve(BigInt(payload.sub))) ?? false;
  }
}
