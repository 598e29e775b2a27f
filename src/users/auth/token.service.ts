import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../platform/config/app-config';

export interface AccessTokenPayload {
  sub: string;
  typ: 'access';
  /** Set by the signer: issued at and expiry, in seconds. */
  iat?: number;
  exp?: number;
}

/** Signs access tokens (HS256, issuer and audience from config, always with an expiry) and makes refresh tokens. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async accessToken(userId: bigint, ttlSeconds = this.config.auth.accessTtlSeconds): Promise<{ token: string; expiresIn: number }> {
    const payload: AccessTokenPayload = { sub: userId.toString(), typ: 'access' };
    const token = await this.jwt.signAsync(payload, { expiresIn: ttlSeconds, jwtid: randomUUID() });
    return { token, expiresIn: ttlSeconds };
  }

  /** An opaque refresh token and the hash under which it is stored. */
  refreshToken(): { token: string; hash: string } {
    const token = `rt_${randomBytes(32).toString('base64url')}`;
    return { token, hash: hashRefreshToken(token) };
  }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
