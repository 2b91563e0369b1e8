// The Overview map: Eurasia with all routes, plus a magnified inset of Xinjiang (assembly center and
// the two border gateways) in the empty east of the frame, and a tooltip for whatever is pointed at.

import type { GeoProjection } from 'd3-geo';
import {
  type FocusEvent,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useI18n } from '../../i18n/locale';
import { useSize } from '../../shared/useSize';
import { EURASIA, fitProjection, project, projectedAspect, XINJIANG } from './geo';
import { MapLayer, type TipTarget } from './MapLayer';
import { MapTooltip } from './MapTooltip';
import type { OverviewModel } from './model';

interface Props {
  readonly model: OverviewModel;
  readonly highlight: string | null;
  readonly onHighlight: (routeId: string | null) => void;
  /** Drawn over the main map with its projection (the moving trains). */
  readonly overlay?: (projection: GeoProjection, width: number, height: number, scale: number) => ReactNode;
}

interface Tip {
  readonly target: TipTarget;
  readonly x: number;
  readonly y: number;
}

const INSET_ASPECT = projectedAspect(XINJIANG);

export function NetworkMap({ model, highlight, onHighlight, overlay }: Props) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const [tip, setTip] = useState<Tip | null>(null);

  const k = Math.min(2.4, Math.max(0.8, Math.min(width / 1400, height / 760)));

  const main = useMemo(
    () => fitProjection(width, height, EURASIA, { top: 10, right: 10, bottom: 10, left: 10 }),
    [width, height],
  );

  // The inset sits at the bottom right, over the east of the frame, which no route crosses.
  const inset = useMemo(() => {
    const east = project(main, 97, 38);
    const free = east ? width - east[0] - 16 : width * 0.25;
    const w = Math.max(180, Math.min(width * 0.3, free, height * 0.46 * INSET_ASPECT));
    const h = w / INSET_ASPECT;
    const x = width - w - 16;
    const y = height - h - 16;
    const projection = fitProjection(w, h, XINJIANG, { top: 6, right: 6, bottom: 6, left: 6 });
    // The inset's frame drawn on the main map.
    const corners = [
      project(main, XINJIANG.west, XINJIANG.north),
      project(main, XINJIANG.east, XINJIANG.north),
      project(main, XINJIANG.east, XINJIANG.south),
      project(main, XINJIANG.west, XINJIANG.south),
    ];
    const frame = corners.every((c) => c !== null)
      ? `M${corners.map((c) => `${c?.[0]},${c?.[1]}`).join('L')}Z`
      : '';
    const ne = corners[1];
    return { x, y, w, h, projection, frame, ne };
  }, [main, width, height]);

  const onPoint = useCallback(
    (target: TipTarget | null, event?: MouseEvent<Element> | FocusEvent<Element>) => {
      if (!target) {
        setTip(null);
        onHighlight(null);
        return;
      }
      const rect = box.current?.getBoundingClientRect();
      let x = 0;
      let y = 0;
      if (event && 'clientX' in event && rect) {
        x = event.clientX - rect.left;
        y = event.clientY - rect.top;
      } else if (event && rect) {
        const r = (event.currentTarget as Element).getBoundingClientRect();
        x = r.left + r.width / 2 - rect.left;
        y = r.top + r.height / 2 - rect.top;
      }
      setTip({ target, x, y });
      onHighlight(target.kind === 'route' ? target.id : null);
    },
    [onHighlight],
  );

  const ready = width > 0 && height > 0;

  return (
    <div className="network-map" ref={box}>
      {ready && (
        <svg
          data-testid="network-map"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={t('map.label')}
        >
          <defs>
            <filter id="route-glow" x="-20%" y="-20%" width="140%" height="140%">
              <feGaussianBlur stdDeviation="3" result="b" />
              <feMerge>
                <feMergeNode in="b" />
                <feMergeNode in="SourceGraphic" />
              </feMerge>
            </filter>
          </defs>
          <MapLayer
            model={model}
            projection={main}
            width={width}
            height={height}
            scale={k}
            variant="main"
            highlight={highlight}
            onPoint={onPoint}
          />
          {inset.frame && <path d={inset.frame} className="inset-frame" />}
          {inset.ne && (
            <line x1={inset.ne[0]} y1={inset.ne[1]} x2={inset.x} y2={inset.y} className="inset-leader" />
          )}
          <g transform={`translate(${inset.x},${inset.y})`} className="inset">
            <rect x={-1} y={-1} width={inset.w + 2} height={inset.h + 2} className="inset-border" />
            <svg width={inset.w} height={inset.h} viewBox={`0 0 ${inset.w} ${inset.h}`} overflow="hidden">
              <MapLayer
                model={model}
                projection={inset.projection}
                width={inset.w}
                height={inset.h}
                scale={k * 1.05}
                variant="inset"
                highlight={highlight}
                onPoint={onPoint}
              />
            </svg>
            <text x={8 * k} y={-8 * k} className="inset-title" style={{ fontSize: `${12 * k}px` }}>
              {t('map.inset')}
            </text>
          </g>
        </svg>
      )}
      {ready && overlay?.(main, width, height, k)}
      {tip && (
        <MapTooltip model={model} target={tip.target} x={tip.x} y={tip.y} width={width} height={height} />
      )}
    </div>
  );
}
