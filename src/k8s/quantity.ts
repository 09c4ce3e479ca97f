/** Kubernetes resource quantities (`500m`, `1.5`, `512Mi`, `1e3`, `2G`) as plain numbers. */

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the two digit runs split a long number every possible way. */
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The quantity's value, or undefined when it is not a valid quantity (or is templated). */
export function parseQuantity(text: string | number): number | undefined {
  const match = QUANTITY.exec(String(text).trim());
  if (!match) return undefined;
  const [, mantissa, exponent, suffix] = match;
  return Number(mantissa) * 10 ** Number(exponent ?? 0) * SUFFIX[suffix ?? '']!;
}
