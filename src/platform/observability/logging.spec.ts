import { redactUrl } from './logging';

describe('redactUrl', () => {
  it('replaces the values of sensitive query parameters, whatever their case or encoding', () => {
    expect(redactUrl('/api/v1/customers?cpf=62096654203&limit=5')).toBe('/api/v1/customers?cpf=[redacted]&limit=5');
    expect(redactUrl('/api/v1/cashback?status=FAILED&document=620.966.542-03')).toBe('/api/v1/cashback?status=FAILED&document=[redacted]');
    expect(redactUrl('/api/v1/customers?CPF=1')).toBe('/api/v1/customers?CPF=[redacted]');
    expect(redactUrl('/api/v1/customers?%63pf=62096654203')).toBe('/api/v1/customers?%63pf=[redacted]');
    expect(redactUrl('/api/v1/users?email=a%40b.example')).toBe('/api/v1/users?email=[redacted]');
  });

  it('leaves other URLs as they are, malformed escapes included', () => {
    expect(redactUrl('/api/v1/users')).toBe('/api/v1/users');
    expect(redactUrl('/api/v1/users?limit=5&cursor=abc')).toBe('/api/v1/users?limit=5&cursor=abc');
    expect(redactUrl('/api/v1/users?%E0%A4%A=1')).toBe('/api/v1/users?%E0%A4%A=1');
    expect(redactUrl('/api/v1/users?cpf')).toBe('/api/v1/users?cpf');
  });
});
