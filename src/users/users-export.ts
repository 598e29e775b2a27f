import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { effectiveClaims, UserRecord } from './records';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_COLUMNS = ['id', 'name', 'email', 'role', 'active', 'claims', 'created_at', 'updated_at'] as const;

export function exportRow(user: UserRecord): (string | number | boolean)[] {
  return [Number(user.id), user.name, user.email, user.role.description, user.active, effectiveClaims(user).join(' '), user.createdAt.toISOString(), user.updatedAt.toISOString()];
}

/**
 * Writes every user as CSV or XLSX to `out` as they stream from the database, so memory stays flat
 * however many users there are; `out` is ended. Passwords never leave the database. Returns the row count.
 */
export async function writeUsersExport(users: AsyncIterable<UserRecord>, format: ExportFormat, out: Writable): Promise<number> {
  let count = 0;
  if (format === 'csv') {
    const rows = async function* () {
      for await (const user of users) {
        count += 1;
        yield exportRow(user);
      }
    };
    await pipeline(Readable.from(rows()), stringify({ header: true, columns: [...EXPORT_COLUMNS], cast: { boolean: (value) => String(value) } }), out);
    return count;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet('users');
  sheet.columns = EXPORT_COLUMNS.map((key) => ({ header: key, key, width: key === 'claims' ? 60 : 24 }));
  sheet.getRow(1).font = { bold: true };
  for await (const user of users) {
    sheet.addRow(exportRow(user)).commit();
    count += 1;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
