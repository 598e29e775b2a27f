import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Names that identify someone (user names, e-mails, role names) must look like what they are: two
 * values a person cannot tell apart must not be two identities (`admin` and `admin\u200b`,
 * `ops@example.com` with a Cyrillic `о`). Values are NFKC-normalised, then refused when they carry
 * invisible characters or mix scripts.
 */

/** Control, format (zero-width, bidi), private-use and surrogate code points, and the invisible fillers. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029\u115F\u1160\u3164\uFFA0\u034F\uFE00-\uFE0F]/u;
const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u];

/** NFKC and trimmed: full-width and other compatibility forms become their plain letters. */
export const normalizeIdentityText = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFKC').trim() : value);

/** As normalizeIdentityText, lower-cased: how e-mails are stored and looked up. */
export const normalizeEmailText = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFKC').trim().toLowerCase() : value);

/** Why the text cannot name an identity, or undefined when it can. */
export function identityTextProblem(value: string, kind: 'name' | 'email'): string | undefined {
  if (INVISIBLE.test(value)) return 'must not contain invisible or control characters';
  if (kind === 'email' && /[^\x21-\x7e]/.test(value)) return 'must use ASCII letters, digits and symbols only (look-alike letters are refused)';
  if (SCRIPTS.filter((script) => script.test(value)).length > 1) return 'must not mix alphabets (for example Latin and Cyrillic letters)';
  return undefined;
}

/** A name or e-mail that identifies someone: see identityTextProblem. Apply after the normalising @Transform. */
export function IsIdentityText(kind: 'name' | 'email', options?: ValidationOptions): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isIdentityText',
      target: target.constructor,
      propertyName: property as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || identityTextProblem(value, kind) === undefined,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${identityTextProblem(String(args.value), kind)}`,
      },
    });
}
