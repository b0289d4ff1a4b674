import { err, ok, type Result } from 'neverthrow';
import { type UnknownCurrency, unknownCurrency } from './errors';

/**
 * A currency and its minor units (decimals) per ISO 4217, e.g. `{ code: 'USD', minorUnits: 2 }`.
 * @since 0.1.0
 */
export interface Currency {
  readonly code: string;
  readonly minorUnits: number;
}

/**
 * ISO 4217 list one: every active currency and fund code with its minor units. Our own table, because
 * `Intl.NumberFormat` (CLDR) disagrees with ISO 4217 on several currencies (e.g. IDR, HUF, COP: 0 vs 2; IQD: 0 vs 3) and a
 * billing ledger must not change scale with the runtime's ICU version (decisions.md "Money and dates").
 *
 * - Included: fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) because invoices can be issued in
 *   them; codes in their ISO withdrawal period (ANG → XCG, SLL → SLE, ZWL → ZWG, CUC) because older
 *   invoices still carry them.
 * - Excluded: codes ISO lists with "N.A." minor units: precious metals (XAU, XAG, XPD, XPT), bond-market
 *   units (XBA, XBB, XBC, XBD), XDR, XSU, XUA, and the testing / no-currency codes XTS and XXX.
 */
const ISO_4217: Readonly<Record<string, number>> = {
  AED: 2, // UAE dirham
  AFN: 2, // Afghani
  ALL: 2, // Lek
  AMD: 2, // Armenian dram
  ANG: 2, // Netherlands Antillean guilder (being replaced by XCG)
  AOA: 2, // Kwanza
  ARS: 2, // Argentine peso
  AUD: 2, // Australian dollar
  AWG: 2, // Aruban florin
  AZN: 2, // Azerbaijan manat
  BAM: 2, // Convertible mark
  BBD: 2, // Barbados dollar
  BDT: 2, // Taka
  BGN: 2, // Bulgarian lev
  BHD: 3, // Bahraini dinar
  BIF: 0, // Burundi franc
  BMD: 2, // Bermudian dollar
  BND: 2, // Brunei dollar
  BOB: 2, // Boliviano
  BOV: 2, // Mvdol (fund)
  BRL: 2, // Brazilian real
  BSD: 2, // Bahamian dollar
  BTN: 2, // Ngultrum
  BWP: 2, // Pula
  BYN: 2, // Belarusian ruble
  BZD: 2, // Belize dollar
  CAD: 2, // Canadian dollar
  CDF: 2, // Congolese franc
  CHE: 2, // WIR euro (complementary currency)
  CHF: 2, // Swiss franc
  CHW: 2, // WIR franc (complementary currency)
  CLF: 4, // Unidad de Fomento (fund)
  CLP: 0, // Chilean peso
  CNY: 2, // Yuan renminbi
  COP: 2, // Colombian peso
  COU: 2, // Unidad de Valor Real (fund)
  CRC: 2, // Costa Rican colon
  CUC: 2, // Peso convertible (withdrawn from circulation, still listed)
  CUP: 2, // Cuban peso
  CVE: 2, // Cabo Verde escudo
  CZK: 2, // Czech koruna
  DJF: 0, // Djibouti franc
  DKK: 2, // Danish krone
  DOP: 2, // Dominican peso
  DZD: 2, // Algerian dinar
  EGP: 2, // Egyptian pound
  ERN: 2, // Nakfa
  ETB: 2, // Ethiopian birr
  EUR: 2, // Euro
  FJD: 2, // Fiji dollar
  FKP: 2, // Falkland Islands pound
  GBP: 2, // Pound sterling
  GEL: 2, // Lari
  GHS: 2, // Ghana cedi
  GIP: 2, // Gibraltar pound
  GMD: 2, // Dalasi
  GNF: 0, // Guinean franc
  GTQ: 2, // Quetzal
  GYD: 2, // Guyana dollar
  HKD: 2, // Hong Kong dollar
  HNL: 2, // Lempira
  HTG: 2, // Gourde
  HUF: 2, // Forint
  IDR: 2, // Rupiah
  ILS: 2, // New Israeli sheqel
  INR: 2, // Indian rupee
  IQD: 3, // Iraqi dinar
  IRR: 2, // Iranian rial
  ISK: 0, // Iceland krona
  JMD: 2, // Jamaican dollar
  JOD: 3, // Jordanian dinar
  JPY: 0, // Yen
  KES: 2, // Kenyan shilling
  KGS: 2, // Som
  KHR: 2, // Riel
  KMF: 0, // Comorian franc
  KPW: 2, // North Korean won
  KRW: 0, // Won
  KWD: 3, // Kuwaiti dinar
  KYD: 2, // Cayman Islands dollar
  KZT: 2, // Tenge
  LAK: 2, // Lao kip
  LBP: 2, // Lebanese pound
  LKR: 2, // Sri Lanka rupee
  LRD: 2, // Liberian dollar
  LSL: 2, // Loti
  LYD: 3, // Libyan dinar
  MAD: 2, // Moroccan dirham
  MDL: 2, // Moldovan leu
  MGA: 2, // Malagasy ariary
  MKD: 2, // Denar
  MMK: 2, // Kyat
  MNT: 2, // Tugrik
  MOP: 2, // Pataca
  MRU: 2, // Ouguiya
  MUR: 2, // Mauritius rupee
  MVR: 2, // Rufiyaa
  MWK: 2, // Malawi kwacha
  MXN: 2, // Mexican peso
  MXV: 2, // Mexican Unidad de Inversion (fund)
  MYR: 2, // Malaysian ringgit
  MZN: 2, // Mozambique metical
  NAD: 2, // Namibia dollar
  NGN: 2, // Naira
  NIO: 2, // Cordoba oro
  NOK: 2, // Norwegian krone
  NPR: 2, // Nepalese rupee
  NZD: 2, // New Zealand dollar
  OMR: 3, // Rial Omani
  PAB: 2, // Balboa
  PEN: 2, // Sol
  PGK: 2, // Kina
  PHP: 2, // Philippine peso
  PKR: 2, // Pakistan rupee
  PLN: 2, // Zloty
  PYG: 0, // Guarani
  QAR: 2, // Qatari rial
  RON: 2, // Romanian leu
  RSD: 2, // Serbian dinar
  RUB: 2, // Russian ruble
  RWF: 0, // Rwanda franc
  SAR: 2, // Saudi riyal
  SBD: 2, // Solomon Islands dollar
  SCR: 2, // Seychelles rupee
  SDG: 2, // Sudanese pound
  SEK: 2, // Swedish krona
  SGD: 2, // Singapore dollar
  SHP: 2, // Saint Helena pound
  SLE: 2, // Leone
  SLL: 2, // Leone, old (being replaced by SLE)
  SOS: 2, // Somali shilling
  SRD: 2, // Surinam dollar
  SSP: 2, // South Sudanese pound
  STN: 2, // Dobra
  SVC: 2, // El Salvador colon
  SYP: 2, // Syrian pound
  SZL: 2, // Lilangeni
  THB: 2, // Baht
  TJS: 2, // Somoni
  TMT: 2, // Turkmenistan new manat
  TND: 3, // Tunisian dinar
  TOP: 2, // Pa'anga
  TRY: 2, // Turkish lira
  TTD: 2, // Trinidad and Tobago dollar
  TWD: 2, // New Taiwan dollar
  TZS: 2, // Tanzanian shilling
  UAH: 2, // Hryvnia
  UGX: 0, // Uganda shilling
  USD: 2, // US dollar
  USN: 2, // US dollar, next day (fund)
  UYI: 0, // Uruguay peso en Unidades Indexadas (fund)
  UYU: 2, // Peso uruguayo
  UYW: 4, // Unidad previsional (fund)
  UZS: 2, // Uzbekistan sum
  VED: 2, // Bolivar soberano (digital)
  VES: 2, // Bolivar soberano
  VND: 0, // Dong
  VUV: 0, // Vatu
  WST: 2, // Tala
  XAF: 0, // CFA franc BEAC
  XCD: 2, // East Caribbean dollar
  XCG: 2, // Caribbean guilder
  XOF: 0, // CFA franc BCEAO
  XPF: 0, // CFP franc
  YER: 2, // Yemeni rial
  ZAR: 2, // Rand
  ZMW: 2, // Zambian kwacha
  ZWG: 2, // Zimbabwe Gold
  ZWL: 2, // Zimbabwe dollar (being replaced by ZWG)
};

/**
 * Our ISO 4217 table: every active currency and fund code (list one) with its minor units, keyed by code,
 * e.g. `CURRENCIES['USD']` is `{ code: 'USD', minorUnits: 2 }`, `CURRENCIES['JPY']` has 0, `CURRENCIES['KWD']`
 * 3, `CURRENCIES['CLF']` 4. Frozen; codes without minor units (XAU, XDR, XTS, XXX, ...) are not in it.
 * @since 0.1.0
 */
export const CURRENCIES: Readonly<Record<string, Currency>> = Object.freeze(
  Object.fromEntries(
    Object.entries(ISO_4217).map(([code, minorUnits]) => [code, Object.freeze({ code, minorUnits })]),
  ),
);

const hasOwn = (o: object, key: string): boolean => Object.hasOwn(o, key);

/**
 * Resolves a currency code (`'USD'`) or currency object to the canonical entry of {@link CURRENCIES}.
 * Codes are exact upper-case ISO codes; a currency object must match the table's minor units. Any other
 * input (lower case, unknown code, `undefined`, ...) is an `UnknownCurrency` error, never a throw.
 * @since 0.1.0
 */
export function getCurrency(code: string | Currency): Result<Currency, UnknownCurrency> {
  if (typeof code === 'string') {
    if (/^[A-Z]{3}$/.test(code) && hasOwn(CURRENCIES, code)) return ok(CURRENCIES[code]!);
    const upper = code.trim().toUpperCase();
    if (upper !== code && hasOwn(CURRENCIES, upper)) {
      return err(
        unknownCurrency(code, `currency codes are exact upper-case ISO 4217 codes; use "${upper}".`),
      );
    }
    if (/^X(AU|AG|PD|PT|BA|BB|BC|BD|DR|SU|UA|TS|XX)$/.test(upper)) {
      return err(
        unknownCurrency(code, 'ISO 4217 defines no minor units for this code, so it cannot carry amounts.'),
      );
    }
    return err(unknownCurrency(code, 'use an active three-letter code such as "USD", "EUR" or "JPY".'));
  }
  if (typeof code === 'object' && code !== null) {
    let c: unknown;
    let minorUnits: unknown;
    try {
      ({ code: c, minorUnits } = code as { code?: unknown; minorUnits?: unknown });
    } catch {
      // A getter or a Proxy trap that threw: an UnknownCurrency, and nothing of what it threw is read.
      return err(
        unknownCurrency(code, 'the currency object could not be read (a getter or a Proxy trap threw).'),
      );
    }
    if (typeof c === 'string' && hasOwn(CURRENCIES, c)) {
      const known = CURRENCIES[c]!;
      if (minorUnits === known.minorUnits) return ok(known);
      return err(
        unknownCurrency(
          c,
          `the currency object says ${String(minorUnits)} minor units but ISO 4217 gives ${c} ${known.minorUnits}; pass the code "${c}" or CURRENCIES.${c}.`,
        ),
      );
    }
    if (typeof c === 'string') return getCurrency(c);
  }
  return err(unknownCurrency(code, 'pass an ISO 4217 code string such as "USD" or an entry of CURRENCIES.'));
}
