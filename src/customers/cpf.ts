/**
 * Brazilian CPF: 11 digits, the last two check digits computed modulo 11 from the first nine and
 * ten. Accepted with or without punctuation (`529.982.247-25` or `52998224725`); numbers made of one
 * repeated digit pass the arithmetic but are not valid CPFs and are refused.
 */
export function normalizeCpf(input: string): string {
  return input.replace(/[.\-\s]/g, '');
}

function checkDigit(digits: string): number {
  const weightStart = digits.length + 1;
  const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (weightStart - index), 0);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

export function isValidCpf(input: string): boolean {
  if (!/^(\d{3}\.?\d{3}\.?\d{3}-?\d{2})$/.test(input.trim())) return false;
  const cpf = normalizeCpf(input.trim());
  if (/^(\d)\1{10}$/.test(cpf)) return false;
  return checkDigit(cpf.slice(0, 9)) === Number(cpf[9]) && checkDigit(cpf.slice(0, 10)) === Number(cpf[10]);
}

export function formatCpf(cpf: string): string {
  const digits = normalizeCpf(cpf);
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/**
 * A CPF as shown to callers without customers:read-sensitive: only the last five digits, enough
 * for a person to recognise their own (`***.***.247-25`), never enough to look one up.
 */
export function maskCpf(cpf: string): string {
  const digits = normalizeCpf(cpf);
  return `***.***.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/** Completes nine base digits into a valid CPF (seeds and tests). */
export function cpfFromBase(base: string): string {
  if (!/^\d{9}$/.test(base)) throw new RangeError('a CPF base has nine digits');
  const ten = base + checkDigit(base);
  return ten + checkDigit(ten);
}
