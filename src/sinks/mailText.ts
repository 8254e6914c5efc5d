// What makes match variables safe to put into a mail. Header values
// (subject, addresses) never keep a control character, so no CR/LF can start
// a header of its own; addresses must be plain addr-spec, nothing else (no
// display names, no lists, no leading '-' that sendmail would take for an
// option). Encoding the headers is left to nodemailer.

/** Control characters (C0, DEL, C1): none of them belongs in a header. */
const CONTROL_CHARS = /\p{Cc}/gu;

/** An addr-spec with a dot-atom local part and a host name (or address literal). */
const ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~][A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/** The longest address SMTP allows (RFC 5321: 256 octets for a path, less the brackets). */
const MAX_ADDRESS_LENGTH = 254;

/** The longest subject kept; a longer one is cut (match variables can be long). */
const MAX_SUBJECT_LENGTH = 998;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The engine's strings hold one input byte per char. Text that is valid UTF-8
 * as bytes is read as UTF-8 (what log files mostly are); anything else stays
 * one char per byte (ISO-8859-1), so no byte is lost either way.
 */
export function eventText(text: string): string {
  if (!/[\x80-\xff]/.test(text) || /[\u0100-\uffff]/.test(text)) return text;
  try {
    return utf8.decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

/** Text on one line: each control character becomes a space. */
export function oneLine(text: string): string {
  return text.replace(CONTROL_CHARS, ' ');
}

/** A subject: one line, not too long. */
export function subjectLine(text: string): string {
  return oneLine(text).slice(0, MAX_SUBJECT_LENGTH);
}

/** Is this a plain address the sink may send to (or from)? */
export function isMailAddress(address: string): boolean {
  return address.length <= MAX_ADDRESS_LENGTH && ADDRESS.test(address) && !address.includes('..');
}

/** A value quoted for a log line: control characters shown as \xNN, so it cannot forge lines. */
export function quoted(value: string): string {
  const shown = value.length > 200 ? `${value.slice(0, 200)}...` : value;
  return `'${shown.replace(CONTROL_CHARS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}
