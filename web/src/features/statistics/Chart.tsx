// One echarts chart (canvas renderer, only the parts used, so the chunk stays small), resized with
// its box and disposed with the component.

import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Props {
  readonly option: EChartsCoreOption;
  readonly height: number;
  readonly testId: string;
  readonly onClick?: (name: string) => void;
}

export function Chart({ option, height, testId, onClick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, 'dark', { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.name === 'string') click.current?.(p.name);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, true);
  }, [option]);

  return <div ref={box} className="stats-chart" style={{ height }} data-testid={testId} />;
}
