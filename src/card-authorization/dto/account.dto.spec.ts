import { createValidationPipe } from '../../platform/http/validation';
import { CreateAccountDto } from './account.dto';

const validate = (body: unknown) => createValidationPipe().transform(body, { type: 'body', metatype: CreateAccountDto });

describe('CreateAccountDto', () => {
  it('requires the balances as an object: ValidateNested alone lets a missing one through', async () => {
    for (const balances of [undefined, null, '500.00', [1, 2, 3]]) {
      await expect(validate({ id: '123', balances })).rejects.toMatchObject({ invalidParams: expect.arrayContaining([expect.objectContaining({ name: 'balances' })]) });
    }
    await expect(validate({ id: '123', balances: { FOOD: '500.00', MEAL: 300, CASH: '0' } })).resolves.toBeInstanceOf(CreateAccountDto);
  });
});
