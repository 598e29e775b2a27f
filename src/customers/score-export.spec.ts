import { scoreExportLine } from './score-export';

describe('scoreExportLine', () => {
  it('carries scoring data under a pseudonym and nothing that identifies the person', () => {
    const line = scoreExportLine(
      {
        pseudonym: '0b7f6c2e-0000-4000-8000-000000000001',
        birthDate: '1990-06-15',
        region: { city: 'Campinas', state: 'SP', postalCode: '13010111' },
        assets: [
          { type: 'REAL_ESTATE', description: 'Casa na Rua X, 12', valueCents: 35_000_000n },
          { type: 'VEHICLE', description: 'Carro placa ABC1D23', valueCents: 4_500_050n },
        ],
        incomeSources: [{ source: 'Salário Empresa Y', monthlyAmountCents: 850_000n }],
      },
      new Date('2026-11-25T00:00:00Z'),
    );
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      pseudonymousId: '0b7f6c2e-0000-4000-8000-000000000001',
      age: 36,
      region: { city: 'Campinas', state: 'SP', postalCodePrefix: '13010' },
      assets: [
        { type: 'REAL_ESTATE', value: '350000.00' },
        { type: 'VEHICLE', value: '45000.50' },
      ],
      incomeSources: [{ monthlyAmount: '8500.00' }],
      totalAssets: '395000.50',
      totalMonthlyIncome: '8500.00',
    });
    expect(line).not.toMatch(/Rua|ABC1D23|Empresa|1990/);
  });
});
