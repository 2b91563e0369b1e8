// A reefer's temperature over the last hours against its profile's band (held between readings).

import type { Point } from './api';
import { sparkline } from './model';

const W = 220;
const H = 48;

export function Sparkline({
  points,
  minC,
  maxC,
  alarm,
  label,
}: {
  readonly points: readonly Point[];
  readonly minC: number;
  readonly maxC: number;
  readonly alarm: boolean;
  readonly label: string;
}) {
  const s = sparkline(points, minC, maxC, W, H);
  return (
    <svg
      className="cc-spark"
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="coldchain-sparkline"
      data-points={points.length}
    >
      <rect x={0} y={s.band.y} width={W} height={Math.max(s.band.height, 1)} className="cc-spark-band" />
      {s.line && (
        <path d={s.line} className={alarm ? 'cc-spark-line cc-spark-line--alarm' : 'cc-spark-line'} />
      )}
    </svg>
  );
}
