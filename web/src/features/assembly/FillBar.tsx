// A horizontal fill bar: value against capacity, with an optional minimum-fill mark.

export function FillBar({
  fraction,
  min,
  label,
  testId,
  kind,
}: {
  readonly fraction: number;
  readonly min?: number;
  readonly label: string;
  readonly testId?: string;
  readonly kind: 'teu' | 'kg' | 'wagon';
}) {
  const pct = Math.max(0, Math.min(1, fraction)) * 100;
  const below = min !== undefined && fraction < min;
  return (
    <div className={`asm-bar asm-bar--${kind}`} data-testid={testId} data-fill={fraction.toFixed(3)}>
      <div className="asm-bar-track">
        <div
          className={below ? 'asm-bar-fill asm-bar-fill--low' : 'asm-bar-fill'}
          style={{ width: `${pct}%` }}
        />
        {min !== undefined && <div className="asm-bar-min" style={{ left: `${Math.min(1, min) * 100}%` }} />}
      </div>
      <span className="asm-bar-label">{label}</span>
    </div>
  );
}
