import { localReceiverUrl } from './delivery-target';

describe('localReceiverUrl', () => {
  const configured = { host: '0.0.0.0', port: 3000 };

  it('reaches a wildcard bind on the loopback interface, on the port actually listened on', () => {
    expect(localReceiverUrl({ address: '::', port: 41234 }, configured)).toBe('http://127.0.0.1:41234/api/v1/dev/cashback-receiver');
    expect(localReceiverUrl({ address: '0.0.0.0', port: 3000 }, configured)).toBe('http://127.0.0.1:3000/api/v1/dev/cashback-receiver');
  });

  it('uses HOST and PORT before the server listens', () => {
    expect(localReceiverUrl(null, configured)).toBe('http://127.0.0.1:3000/api/v1/dev/cashback-receiver');
    expect(localReceiverUrl(null, { host: 'localhost', port: 8080 })).toBe('http://127.0.0.1:8080/api/v1/dev/cashback-receiver');
  });

  it('keeps a specific interface, with brackets for IPv6', () => {
    expect(localReceiverUrl({ address: '127.0.0.1', port: 3000 }, configured)).toBe('http://127.0.0.1:3000/api/v1/dev/cashback-receiver');
    expect(localReceiverUrl({ address: '::1', port: 3000 }, configured)).toBe('http://[::1]:3000/api/v1/dev/cashback-receiver');
    expect(localReceiverUrl(null, { host: '192.168.0.7', port: 3000 })).toBe('http://192.168.0.7:3000/api/v1/dev/cashback-receiver');
  });
});
