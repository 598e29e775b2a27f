import { ScoreDataRow } from './customers.repository';
import { ageOn } from './model';
import { formatCents } from '../platform/money';

/**
 * One NDJSON line of the score-data export: no CPF, no name, no street, no birth date. The id is a
 * per-customer pseudonym, the region is city, state and the first five CEP digits, the age whole
 * years: enough for credit-score models, not enough to single a person out from the export alone.
 */
export function scoreExportLine(row: ScoreDataRow, today: Date): string {
  const totalAssets = row.assets.reduce((sum, asset) => sum + asset.valueCents, 0n);
  const monthlyIncome = row.incomeSources.reduce((sum, income) => sum + income.monthlyAmountCents, 0n);
  return `${JSON.stringify({
    pseudonymousId: row.pseudonym,
    age: row.birthDate ? ageOn(row.birthDate, today) : null,
    region: row.region && { city: row.region.city, state: row.region.state, postalCodePrefix: row.region.postalCode.slice(0, 5) },
    assets: row.assets.map((asset) => ({ type: asset.type, value: formatCents(asset.valueCents) })),
    incomeSources: row.incomeSources.map((income) => ({ monthlyAmount: formatCents(income.monthlyAmountCents) })),
    totalAssets: formatCents(totalAssets),
    totalMonthlyIncome: formatCents(monthlyIncome),
  })}\n`;
}

/** Lines as they stream from the database, batch by batch: memory stays flat. */
export async function* scoreExportLines(rows: AsyncIterable<ScoreDataRow>, today: Date): AsyncGenerator<string> {
  for await (const row of rows) yield scoreExportLine(row, today);
}
