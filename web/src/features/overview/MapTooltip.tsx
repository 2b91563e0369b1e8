// The map's tooltip: a route (transit days, gateway, length), a place or a gateway, in the chosen language.

import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/locale';
import { countryName } from '../../shared/countries';
import { CORRIDOR_COLOR, CORRIDOR_LABEL } from './corridors';
import type { TipTarget } from './MapLayer';
import type { OverviewModel } from './model';
import { transitText } from './transit';

interface Props {
  readonly model: OverviewModel;
  readonly target: TipTarget;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function MapTooltip({ model, target, x, y, width, height }: Props) {
  const { t, name, locale, fmt } = useI18n();
  let body: ReactNode = null;

  if (target.kind === 'route') {
    const r = model.routes.find((v) => v.route.id === target.id);
    if (!r) return null;
    body = (
      <>
        <div className="tip-title">
          <span className="swatch" style={{ background: CORRIDOR_COLOR[r.corridor] }} />
          {name(r.route.names)}
        </div>
        <div className="tip-sub">
          {t(CORRIDOR_LABEL[r.corridor])} · {countryName(r.route.destinationCountry, locale)}
        </div>
        <div className="tip-big">
          {t('tip.transit', {
            duration: transitText(r.route.transitDays, r.route.transitDaysEstimated, t, fmt),
          })}
        </div>
        <div>{r.gateway ? t('tip.gateway', { gateway: name(r.gateway.names) }) : t('tip.noGateway')}</div>
        <div className="tip-muted">
          {t('tip.distance', { km: fmt.integer(r.km) })} · {t('tip.legs', { count: r.route.legs.length })}
        </div>
      </>
    );
  } else if (target.kind === 'gateway') {
    const g = model.gateways.get(target.id);
    if (!g) return null;
    const served = new Set([
      ...(model.routesThrough.get(g.sides[0]) ?? []),
      ...(model.routesThrough.get(g.sides[1]) ?? []),
    ]);
    body = (
      <>
        <div className="tip-title">{name(g.names)}</div>
        <div className="tip-sub">{t(g.border ? 'map.borderGateway' : 'map.gaugeBreak')}</div>
        <div>{t('tip.gauge', { a: g.gaugeMm[0], b: g.gaugeMm[1] })}</div>
        <div>{t('tip.trainsPerDay', { out: g.trainsPerDay.outbound, in: g.trainsPerDay.inbound })}</div>
        <div>{t('tip.transship', { hours: g.transshipmentHours })}</div>
        <div className="tip-muted">{t('tip.routesServed', { count: served.size })}</div>
      </>
    );
  } else {
    const l = model.locations.get(target.id);
    if (!l) return null;
    const through = model.routesThrough.get(l.id) ?? [];
    body = (
      <>
        <div className="tip-title">{name(l.names)}</div>
        <div className="tip-sub">
          {t(`kind.${l.kind}`)} · {countryName(l.country, locale)}
          {l.unlocode ? ` · ${l.unlocode}` : ''}
        </div>
        <div className="tip-muted">
          {l.kind === 'assembly-center'
            ? t('tip.assemblyRoutes', { count: through.length })
            : t('tip.routesServed', { count: through.length })}
        </div>
      </>
    );
  }

  // Keep the box inside the map: flip left/up near the right/bottom edges.
  const flipX = x > width - 300;
  const flipY = y > height - 170;
  const style = {
    left: flipX ? undefined : x + 16,
    right: flipX ? width - x + 16 : undefined,
    top: flipY ? undefined : y + 16,
    bottom: flipY ? height - y + 16 : undefined,
  };
  return (
    <div className="map-tooltip" role="tooltip" style={style}>
      {body}
    </div>
  );
}
