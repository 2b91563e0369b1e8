// The moving trains over the Overview map: one canvas, redrawn every animation frame from the train
// store (no React work per frame), plus each border gateway's queue as a badge. Colours by phase.

import type { GeoProjection } from 'd3-geo';
import { useEffect, useRef } from 'react';
import { type Phase, shownAt, type TrainStore } from './trains';

export const PHASE_COLOR: Record<Phase, string> = {
  forming: '#94a3b8',
  running: '#38bdf8',
  waiting: '#f97316',
  transshipping: '#facc15',
  arrived: '#4ade80',
};

export interface GatewayQueue {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly label: string;
  readonly queue: number;
}

interface Props {
  readonly store: TrainStore;
  readonly projection: GeoProjection;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
  readonly queues: readonly GatewayQueue[];
}

export function TrainCanvas({ store, projection, width, height, scale, queues }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const queuesRef = useRef(queues);
  queuesRef.current = queues;

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    let frame = 0;
    const r = Math.max(2.5, 3.2 * scale);
    const phases = Object.keys(PHASE_COLOR) as Phase[];
    const xs: Record<Phase, number[]> = {
      forming: [],
      running: [],
      waiting: [],
      transshipping: [],
      arrived: [],
    };
    const draw = () => {
      const now = performance.now();
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      for (const p of phases) xs[p].length = 0;
      for (const m of store.trains.values()) {
        const [lon, lat] = shownAt(m, now);
        const pt = projection([lon, lat]);
        if (!pt) continue;
        xs[m.phase].push(pt[0], pt[1]);
      }
      // one path per colour: 500 trains are five fills, not five hundred
      for (const p of phases) {
        const list = xs[p];
        if (list.length === 0) continue;
        ctx.beginPath();
        for (let i = 0; i < list.length; i += 2) {
          const x = list[i] as number;
          const y = list[i + 1] as number;
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
        }
        ctx.fillStyle = PHASE_COLOR[p];
        ctx.globalAlpha = 0.95;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.lineWidth = 1;
        ctx.strokeStyle = 'rgba(5,10,19,0.85)';
        ctx.stroke();
      }
      ctx.font = `600 ${Math.round(12 * scale)}px system-ui, sans-serif`;
      for (const [i, q] of queuesRef.current.entries()) {
        const pt = projection([q.lon, q.lat]);
        if (!pt) continue;
        const text = q.label;
        const w = ctx.measureText(text).width + 12 * scale;
        const h = 18 * scale;
        const x = pt[0] - w / 2;
        // neighbouring gateways (Alashankou, Khorgos) alternate above and below their markers
        const y = i % 2 === 0 ? pt[1] - h - 12 * scale : pt[1] + 12 * scale;
        ctx.fillStyle = q.queue > 0 ? 'rgba(249,115,22,0.92)' : 'rgba(30,41,59,0.9)';
        ctx.beginPath();
        ctx.roundRect(x, y, w, h, 4 * scale);
        ctx.fill();
        ctx.fillStyle = '#fff';
        ctx.textBaseline = 'middle';
        ctx.fillText(text, x + 6 * scale, y + h / 2);
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [store, projection, width, height, scale]);

  return (
    <canvas
      ref={ref}
      className="train-canvas"
      data-testid="train-canvas"
      style={{ width, height }}
      aria-hidden="true"
    />
  );
}
