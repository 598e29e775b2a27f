import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  document: string;
  cashback: string;
  idempotencyKey: string | undefined;
}

export type FaultMode = 'ok' | 'error500' | 'hang' | 'reset';

/**
 * A local stand-in for the cashback API (POST {document, cashback} → 201 with an id), whose
 * behaviour a test switches: answer, fail with 500, never answer (timeouts), or drop connections.
 */
export class FakeCashbackApi {
  readonly received: ReceivedDelivery[] = [];
  mode: FaultMode = 'ok';
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/mock/Cashback`;
  }

  /** Deliveries received per idempotency key more than once (at-least-once duplicates). */
  get duplicates(): number {
    const keys = this.received.map((d) => d.idempotencyKey);
    return keys.length - new Set(keys).size;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (this.mode === 'reset') return req.socket.destroy();
      if (this.mode === 'hang') return;
      if (this.mode === 'error500') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
        return;
      }
      const parsed = JSON.parse(body) as { document: string; cashback: string };
      this.received.push({ ...parsed, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(this.received.length), ...parsed }));
    });
  }
}
