import 'reflect-metadata';
import { MODULE_METADATA } from '@nestjs/common/constants';
// nest-commander keeps its decorators' metadata under these keys (not exported from its index).
import { CommandMeta, OptionMeta } from 'nest-commander/src/constants';
import { CliModule } from '../../src/cli/cli.module';

export interface CliOption {
  flags: string;
  /** The long flag, e.g. `--out`. */
  flag: string;
  required: boolean;
  /** The option takes a file path (`<file>` in its flags). */
  takesFile: boolean;
}

export interface CliCommand {
  name: string;
  /** Positional arguments as declared, e.g. `<email>`. */
  arguments: string[];
  options: CliOption[];
}

function methodsOf(prototype: object): unknown[] {
  const methods: unknown[] = [];
  for (let at = prototype; at && at !== Object.prototype; at = Object.getPrototypeOf(at)) {
    for (const name of Object.getOwnPropertyNames(at)) {
      const descriptor = Object.getOwnPropertyDescriptor(at, name)!;
      if (name !== 'constructor' && typeof descriptor.value === 'function') methods.push(descriptor.value);
    }
  }
  return methods;
}

/** Every command of the CLI, read from its module's providers and their nest-commander decorators. */
export function cliCommands(): CliCommand[] {
  const providers = Reflect.getMetadata(MODULE_METADATA.PROVIDERS, CliModule) as Array<{ prototype: object }>;
  return providers.flatMap((provider) => {
    const meta = Reflect.getMetadata(CommandMeta, provider) as { name: string; arguments?: string } | undefined;
    if (!meta) return [];
    const options = methodsOf(provider.prototype)
      .map((method) => Reflect.getMetadata(OptionMeta, method as object) as { flags: string; required?: boolean } | undefined)
      .filter((option) => option !== undefined)
      .map((option) => ({ flags: option.flags, flag: option.flags.match(/--[\w-]+/)![0], required: Boolean(option.required), takesFile: option.flags.includes('<file>') }));
    return [{ name: meta.name, arguments: meta.arguments?.split(' ').filter(Boolean) ?? [], options }];
  });
}
