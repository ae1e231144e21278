/**
 * Invoice arithmetic in integer minor units (BigInt inside, so no step loses a cent before the range check).
 *
 * Rounding: each line is rounded on its own — net = quantity × unit price × (1 − discount), then tax = net × rate,
 * each rounded half away from zero to whole minor units — and the invoice's totals are the plain sums of the rounded
 * line amounts. So the lines shown always add up to the totals shown, and the taxes per rate are sums of line taxes.
 */

/** The largest amount an invoice may hold: beyond it a JSON number (a double) would lose units. */
export const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency this runtime knows (Intl accepts any three letters when formatting). */
export function isCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

/** Minor-unit digits of a currency: JPY 0, EUR 2, KWD 3 (from the runtime's ISO 4217 data). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export interface LineInput {
  /** Thousandths of a unit (1.5 hours → 1500). */
  quantityMilli: number;
  /** Minor units per unit. */
  unitPrice: number;
  /** Basis points off the line (10 % → 1000). */
  discountBp: number;
  /** Basis points of tax on the discounted line (19 % → 1900). */
  taxRateBp: number;
}

export interface LineAmounts {
  net: number;
  tax: number;
}

export interface InvoiceTotals {
  lines: LineAmounts[];
  subtotal: number;
  taxTotal: number;
  total: number;
  /** Tax per rate, ascending by rate. */
  taxes: { rateBp: number; net: number; tax: number }[];
}

/** numerator ÷ denominator, rounded half away from zero; both non-negative here. */
function divRound(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export class MoneyOverflow extends Error {
  constructor(readonly path: string) {
    super(`Amount exceeds ${Number.MAX_SAFE_INTEGER} minor units`);
  }
}

/** The amounts of each line and the invoice's totals; throws MoneyOverflow past 2^53 − 1 minor units. */
export function computeTotals(lines: LineInput[]): InvoiceTotals {
  let subtotal = 0n;
  let taxTotal = 0n;
  const byRate = new Map<number, { net: bigint; tax: bigint }>();
  const amounts = lines.map((line, index) => {
    const gross = BigInt(line.quantityMilli) * BigInt(line.unitPrice) * BigInt(10_000 - line.discountBp);
    const net = divRound(gross, 10_000_000n);
    const tax = divRound(net * BigInt(line.taxRateBp), 10_000n);
    if (net > MAX_MINOR || tax > MAX_MINOR) throw new MoneyOverflow(`json.lines.${index}`);
    subtotal += net;
    taxTotal += tax;
    const rate = byRate.get(line.taxRateBp) ?? { net: 0n, tax: 0n };
    byRate.set(line.taxRateBp, { net: rate.net + net, tax: rate.tax + tax });
    return { net: Number(net), tax: Number(tax) };
  });
  if (subtotal + taxTotal > MAX_MINOR) throw new MoneyOverflow('json.lines');
  return {
    lines: amounts,
    subtotal: Number(subtotal),
    taxTotal: Number(taxTotal),
    total: Number(subtotal + taxTotal),
    taxes: [...byRate.entries()]
      .sort(([a], [b]) => a - b)
      .map(([rateBp, { net, tax }]) => ({ rateBp, net: Number(net), tax: Number(tax) })),
  };
}

/** An amount in minor units as the decimal string of its currency (1234 EUR → "12.34", 1234 KWD → "1.234"). */
export function toDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? sign + text : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
