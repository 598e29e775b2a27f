import { Injectable } from '@nestjs/common';

/** Erases what one module keeps of a customer's tier-A data elsewhere; answers how many records it changed. */
export type PersonalDataEraser = (customerId: string) => Promise<number>;

/**
 * Deleting a customer erases its CPF and name everywhere the product copied them, in the same
 * transaction as the delete. Modules that keep such copies (cashback purchases) register an eraser
 * here, so customers need not know them.
 */
@Injectable()
export class CustomerErasure {
  private readonly erasers = new Map<string, PersonalDataEraser>();

  register(name: string, eraser: PersonalDataEraser): void {
    this.erasers.set(name, eraser);
  }

  /** Runs every eraser in the ambient transaction; answers the count per eraser that changed something. */
  async erase(customerId: string): Promise<Record<string, number>> {
    const erased: Record<string, number> = {};
    for (const [name, eraser] of this.erasers) {
      const count = await eraser(customerId);
      if (count) erased[name] = count;
    }
    return erased;
  }
}
