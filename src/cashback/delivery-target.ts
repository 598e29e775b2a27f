import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppConfig } from '../platform/config/app-config';
import { API_PREFIX } from '../platform/http/openapi';

/** Route of the local receiver, under the API prefix. */
export const DEV_RECEIVER_ROUTE = 'dev/cashback-receiver';

/** Path of the local receiver served outside production when CASHBACK_API_URL is unset. */
export const DEV_RECEIVER_PATH = `/${API_PREFIX}/${DEV_RECEIVER_ROUTE}`;

/**
 * The URL of the local receiver on this process's own HTTP server: the address it listens on (so
 * PORT=0 works), or HOST and PORT before it listens. A wildcard bind (0.0.0.0, ::) is reached on
 * the loopback interface, so deliveries never leave the machine.
 */
export function localReceiverUrl(listening: Pick<AddressInfo, 'address' | 'port'> | null, configured: { host: string; port: number }): string {
  const { address, port } = listening ?? { address: configured.host, port: configured.port };
  const wildcard = ['0.0.0.0', '::', '', 'localhost'].includes(address);
  const host = wildcard ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}${DEV_RECEIVER_PATH}`;
}

/** Where deliveries go: CASHBACK_API_URL, or (outside production, when it is unset) the local receiver. */
@Injectable()
export class CashbackDeliveryTarget {
  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  url(): string {
    const { apiUrl, localReceiver } = this.config.cashback;
    if (apiUrl) return apiUrl;
    if (!localReceiver) throw new Error('CASHBACK_API_URL is not set: production requires it');
    const server = this.adapterHost.httpAdapter?.getHttpServer() as { address?: () => AddressInfo | string | null } | undefined;
    const address = server?.address?.();
    return localReceiverUrl(address && typeof address === 'object' ? address : null, this.config.http);
  }
}
