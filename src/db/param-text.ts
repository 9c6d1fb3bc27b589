// Query parameters as PostgreSQL text, chosen by the JavaScript type exactly as node-postgres does
// (its utils.prepareValue), so that a value passed to db.query means the same on PGlite as on
// PostgreSQL: null/undefined → NULL, Date → ISO timestamp, arrays → array literals, other objects →
// JSON, bytes → bytea hex, everything else → String(value).

export function toPostgresText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    if (ArrayBuffer.isView(value)) return byteaHex(value);
    if (Array.isArray(value)) return arrayLiteral(value);
    const custom = value as { toPostgres?: () => unknown };
    if (typeof custom.toPostgres === 'function') return toPostgresText(custom.toPostgres());
    return JSON.stringify(value);
  }
  return String(value);
}

function byteaHex(view: ArrayBufferView): string {
  return `\\x${Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('hex')}`;
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = ArrayBuffer.isView(v) ? byteaHex(v) : toPostgresText(v)!;
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}
