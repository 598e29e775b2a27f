import { Type } from '@nestjs/common';
import { UsageError } from '../boot';
import { createValidationPipe, InvalidParam, RequestValidationError } from '../http/validation';

/** `--name` for a field, or the flag `flags` gives it (`balances.FOOD` -> `--food`). */
function reasonFor(param: InvalidParam, reason: string, flags: Record<string, string>): string {
  const flag = flags[param.name] ?? `--${param.name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  const property = param.name.split(/[.[\]]/).filter(Boolean).at(-1)!;
  // class-validator's reasons start with the field: "email must be an e-mail address".
  for (const subject of [param.name, property]) if (reason.startsWith(`${subject} `)) return `${flag}${reason.slice(subject.length)}`;
  return `${flag}: ${reason}`;
}

/**
 * Command options checked by the API's own DTO and validation pipe, so that a command accepts
 * exactly what the route accepts. `values` is the request body the options stand for; `flags`
 * names the option behind a field whose flag is not `--<field>`. A refusal is one line naming the options.
 */
export async function validateOptions<T extends object>(dto: Type<T>, values: Record<string, unknown>, flags: Record<string, string> = {}): Promise<T> {
  const body = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  try {
    return (await createValidationPipe().transform(body, { type: 'body', metatype: dto })) as T;
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    throw new UsageError(error.invalidParams.flatMap((param) => param.reasons.map((reason) => reasonFor(param, reason, flags))).join('; '));
  }
}
