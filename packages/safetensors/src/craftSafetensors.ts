/** Test helper: a safetensors byte buffer from a raw header (object or JSON text) and a data length. */
export function craftSafetensors(header: unknown, dataLength: number, fill = 0): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.fill(fill, 8 + json.length);
  return out;
}
