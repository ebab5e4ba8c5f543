/**
 * Bytes of a feed or page → text, in the encoding it declares: a byte-order mark first, then the
 * `charset` of Content-Type, then the XML declaration (`<?xml … encoding="windows-1251"?>`) or an
 * HTML `<meta charset>`, else UTF-8. Node's TextDecoder (full ICU) knows every WHATWG encoding.
 */

const XML_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;
/** `<meta charset="koi8-r">` or `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`. */
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i;

const charsetOf = (contentType: string | null): string | null => /charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? "")?.[1] ?? null;

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.toLowerCase());
  } catch {
    return null; // an unknown label: fall through to the next declaration
  }
}

/** Decodes `bytes`; `contentType` is the response header, when there was one. */
export function decodeBody(bytes: Uint8Array, contentType: string | null = null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
  }
  // The declarations are ASCII, so a latin1 view of the first bytes is enough to read them.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const declared = XML_ENCODING.exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1] ?? null;
  const decoder = decoderFor(charsetOf(contentType)) ?? decoderFor(declared) ?? new TextDecoder("utf-8");
  return decoder.decode(bytes);
}
