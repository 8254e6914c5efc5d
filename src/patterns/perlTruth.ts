// Perl's idea of truth. It decides what the code of rule files answers,
// Perl or JavaScript alike, so a JsFunc pattern or a ~> operand matches
// exactly when the PerlFunc or -> written the same way would.

/**
 * Perl truth of a value: undef, '', '0' and the number 0 are false, and so
 * are JavaScript's null, undefined and false; everything else is true
 * (also '0.0' and '00', as in Perl).
 */
export function perlTrue(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      return v !== '' && v !== '0';
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'boolean':
      return v;
    default:
      return v !== undefined && v !== null;
  }
}

/** A function's list means "no match": no values, or one value that is false. */
export function falseList(values: readonly unknown[]): boolean {
  return values.length === 0 || (values.length === 1 && !perlTrue(values[0]));
}
