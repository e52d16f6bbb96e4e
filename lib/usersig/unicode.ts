/**
 * An unpaired UTF-16 surrogate. It has no UTF-8 form: encoding it gives
 * U+FFFD, so a string holding one would be signed and compared as a
 * different string than the one shown.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const hasLoneSurrogate = (text: string) => LONE_SURROGATE.test(text);
