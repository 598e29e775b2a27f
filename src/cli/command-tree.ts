import { Injectable } from '@nestjs/common';
import type { Command } from 'commander';
import { InjectCommander } from 'nest-commander';

/** The commander tree nest-commander built from the commands, for rules every command follows. */
@Injectable()
export class CommandTree {
  constructor(@InjectCommander() private readonly root: Command) {}

  /** An argument no command takes is a mistake, not something to ignore. */
  refuseExcessArguments(): void {
    for (const command of this.root.commands) command.allowExcessArguments(false);
  }
}
