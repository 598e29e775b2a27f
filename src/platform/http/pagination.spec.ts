import { MAX_PAGE, PageQueryDto } from './pagination';
import { createValidationPipe } from './validation';

const query = (page: string) => createValidationPipe().transform({ page }, { type: 'query', metatype: PageQueryDto });

describe('PageQueryDto', () => {
  it('refuses pages whose row offset would not fit a query', async () => {
    for (const page of ['99999999999999999999', '1e21', String(MAX_PAGE + 1)]) {
      await expect(query(page)).rejects.toMatchObject({ invalidParams: [{ name: 'page' }] });
    }
    await expect(query(String(MAX_PAGE))).resolves.toMatchObject({ page: MAX_PAGE, skip: (MAX_PAGE - 1) * 20 });
  });
});
