/** a / b, or null when b is 0: an empty slice has no rate, never NaN or a bare 0 %. */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}
