import { createValidationPipe } from '../../platform/http/validation';
import { CreateCustomerDto, UpdateCustomerDto } from './customer.dto';

const validate = (body: unknown) => createValidationPipe().transform(body, { type: 'body', metatype: CreateCustomerDto });
const address = { street: 'Rua das Flores', number: '123', city: 'São Paulo', state: 'SP', postalCode: '01310-100' };

describe('CreateCustomerDto', () => {
  it('requires the address as an object: ValidateNested alone lets a missing one through', async () => {
    for (const value of [undefined, null, 'Rua das Flores', ['Rua das Flores']]) {
      await expect(validate({ cpf: '529.982.247-25', name: 'José da Silva', address: value })).rejects.toMatchObject({ invalidParams: expect.arrayContaining([expect.objectContaining({ name: 'address' })]) });
    }
    await expect(validate({ cpf: '529.982.247-25', name: 'José da Silva', address })).resolves.toBeInstanceOf(CreateCustomerDto);
  });

  it('takes a CEP as the document\'s pattern says: 8 digits, a dash after the fifth or none', async () => {
    const withCep = (postalCode: string) => validate({ cpf: '529.982.247-25', name: 'José da Silva', address: { ...address, postalCode } });
    for (const good of ['01310-100', '01310100']) await expect(withCep(good)).resolves.toMatchObject({ address: { postalCode: '01310100' } });
    for (const bad of ['0131-0100', '01310-10', '013101000', '01310--100']) {
      await expect(withCep(bad)).rejects.toMatchObject({ invalidParams: [expect.objectContaining({ name: 'address.postalCode' })] });
    }
  });
});

describe('UpdateCustomerDto', () => {
  it('refuses null for a field that cannot be cleared, rather than passing it on', async () => {
    const update = (body: unknown) => createValidationPipe().transform(body, { type: 'body', metatype: UpdateCustomerDto });
    await expect(update({})).resolves.toBeInstanceOf(UpdateCustomerDto);
    for (const field of ['cpf', 'name', 'address', 'debts', 'birthDate']) {
      await expect(update({ [field]: null })).rejects.toMatchObject({ invalidParams: expect.arrayContaining([expect.objectContaining({ name: field })]) });
    }
  });
});
