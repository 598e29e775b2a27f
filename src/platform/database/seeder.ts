/** Seeds one module's reference or demo data. Must be idempotent: a second run changes nothing. */
export interface Seeder {
  readonly name: string;
  /** Returns how many rows it created; `demo` is false in production (reference data only). */
  seed(options: { demo: boolean }): Promise<number>;
}

export const SEEDERS = Symbol('SEEDERS');
