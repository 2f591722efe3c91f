/**
 * Remembers a pure function's results by key, up to `max` of them (then starts afresh). For the
 * local-time math a fan-out repeats for every reminder at the same times in the same zones: each
 * time-zone conversion formats a date through Intl, which measured as a twentieth of a fan-out.
 */
export function boundedMemo<V>(max: number): (key: string, compute: () => V) => V {
  const values = new Map<string, V>();
  return (key, compute) => {
    if (values.has(key)) return values.get(key) as V;
    const value = compute();
    if (values.size >= max) values.clear();
    values.set(key, value);
    return value;
  };
}
