// Which piece of a literal to look for first: any piece of a required
// literal is required too, so a search may look for a short piece (a
// window) and check the whole literal only where the window occurs. A
// window of rare characters keeps those checks rare. Rarity is guessed from
// a fixed ranking of bytes in log text, not from the input, so the choice
// (and so the speed) does not depend on what was read first.

/**
 * Bytes (case folded) from the most to the least common in log lines:
 * spaces, digits and the punctuation of timestamps, addresses and
 * "prog[pid]: " are everywhere, then letters about as in English. Bytes
 * not listed are taken to be rarer than all of these.
 */
const COMMON_FIRST = ' e0t1a2o3i4n5s6r7:8.9]h[ld-cu/m=fpg_wy,b()vk\'"<>x;jq@z#';

/** Byte → how common it is: 0 for unlisted bytes, up to COMMON_FIRST.length for a space. */
const COMMONNESS = new Uint8Array(256);
for (let k = 0; k < COMMON_FIRST.length; k++) COMMONNESS[COMMON_FIRST.charCodeAt(k)] = COMMON_FIRST.length - k;

/** Squared, so that one very common byte weighs more than two middling ones. */
function windowScore(literal: string, start: number, length: number): number {
  let score = 0;
  for (let i = start; i < start + length; i++) {
    const c = literal.charCodeAt(i);
    const commonness = c < 256 ? COMMONNESS[c] : 0;
    score += commonness * commonness;
  }
  return score;
}

/** The start of the rarest `length`-char piece of `literal` (not shorter than that); the first of equals. */
export function rareWindowStart(literal: string, length: number): number {
  let best = 0;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let start = 0; start + length <= literal.length; start++) {
    const score = windowScore(literal, start, length);
    if (score < bestScore) {
      bestScore = score;
      best = start;
    }
  }
  return best;
}
