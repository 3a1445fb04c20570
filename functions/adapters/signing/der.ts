/**
 * ECDSA signatures as KMS gives them (DER: SEQUENCE { INTEGER r, INTEGER s }) turned into
 * what JWS wants (RFC 7518 §3.4: r and s as fixed-size big-endian integers, concatenated).
 */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  let offset = 0;
  const byte = () => {
    if (offset >= der.length) throw new Error('truncated DER signature');
    return der[offset++]!;
  };
  const length = () => {
    const first = byte();
    if (first < 0x80) return first;
    let value = 0;
    for (let i = first & 0x7f; i > 0; i--) value = (value << 8) | byte();
    return value;
  };
  if (byte() !== 0x30) throw new Error('not a DER SEQUENCE');
  const total = length();
  if (offset + total !== der.length) throw new Error('DER length mismatch');
  const out = new Uint8Array(size * 2);
  for (const at of [0, size]) {
    if (byte() !== 0x02) throw new Error('not a DER INTEGER');
    const n = length();
    let bytes = der.subarray(offset, offset + n);
    offset += n;
    if (bytes.length !== n) throw new Error('truncated DER signature');
    // Leading zeros (the sign byte, and any excess) go; short integers are left-padded.
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) throw new Error('DER integer too large');
    out.set(bytes, at + size - bytes.length);
  }
  if (offset !== der.length) throw new Error('trailing bytes in DER signature');
  return out;
}
