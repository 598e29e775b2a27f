import { createValidationPipe } from '../../platform/http/validation';
import { CreatePurchaseDto } from './purchase.dto';

const validate = (body: unknown) => createValidationPipe().transform(body, { type: 'body', metatype: CreatePurchaseDto });
const purchase = { sold_at: '2026-01-02 00:00:00', total: '10.00', products: [{ type: 'A', value: '10.00', qty: 1 }] };

describe('CreatePurchaseDto', () => {
  it('requires the customer as an object: ValidateNested alone lets a missing one through', async () => {
    for (const customer of [undefined, null, '529.982.247-25', []]) {
      await expect(validate({ ...purchase, customer })).rejects.toMatchObject({ invalidParams: expect.arrayContaining([expect.objectContaining({ name: 'customer' })]) });
    }
    await expect(validate({ ...purchase, customer: { document: '529.982.247-25', name: 'JOSE DA SILVA' } })).resolves.toBeInstanceOf(CreatePurchaseDto);
  });
});
