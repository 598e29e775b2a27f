import type { ExecutionContext } from '@nestjs/common';

/**
 * A value derived from a route's metadata (its handler and controller class), read on the route's
 * first request and kept: decorators do not change at run time, and reading them through the
 * reflector on every request is measurable on the hot paths.
 */
export class PerRoute<T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, T>>();

  constructor(private readonly read: (context: ExecutionContext) => T) {}

  of(context: ExecutionContext): T {
    const controller = context.getClass();
    const handler = context.getHandler();
    let handlers = this.byClass.get(controller);
    if (!handlers) {
      handlers = new WeakMap();
      this.byClass.set(controller, handlers);
    }
    if (handlers.has(handler)) return handlers.get(handler) as T;
    const value = this.read(context);
    handlers.set(handler, value);
    return value;
  }
}
