import { redactUrl, withDatabase } from './database-url';

describe('database URLs', () => {
  it('hides the password', () => {
    expect(redactUrl('postgresql://app:s3cret@db:5432/app')).toBe('postgresql://app:***@db:5432/app');
    expect(redactUrl('postgresql://app@db/app')).toBe('postgresql://app@db/app');
    expect(redactUrl('not a url')).toBe('<invalid database URL>');
  });

  it('switches the database and keeps the rest', () => {
    expect(withDatabase('postgresql://app:pw@db:5432/app?sslmode=require', 'other')).toBe('postgresql://app:pw@db:5432/other?sslmode=require');
  });
});
