// Side panel: every route grouped by exit gateway — destination, country, transit days. Hover or focus a
// row to light the route up on the map.

import { useI18n } from '../../i18n/locale';
import { countryName } from '../../shared/countries';
import { CORRIDOR_COLOR } from './corridors';
import { groupByGateway, type OverviewModel } from './model';
import { transitText } from './transit';

interface Props {
  readonly model: OverviewModel;
  readonly highlight: string | null;
  readonly onHighlight: (routeId: string | null) => void;
}

export function RouteList({ model, highlight, onHighlight }: Props) {
  const { t, name, locale, fmt } = useI18n();
  const groups = groupByGateway(model.routes);
  return (
    <section className="route-list" aria-labelledby="route-list-title" data-testid="route-list">
      <header className="panel-head">
        <h2 id="route-list-title">{t('list.title')}</h2>
        <span className="panel-count">{t('list.count', { count: fmt.integer(model.routes.length) })}</span>
      </header>
      <div className="route-list-scroll">
        {groups.map((g) => (
          <div key={g.gatewayId ?? 'none'} className="route-group">
            <h3 className="route-group-head">
              <span className="gw-diamond" aria-hidden="true" />
              {g.gateway ? name(g.gateway.names) : t('tip.noGateway')}
              <span className="route-group-count">{g.routes.length}</span>
            </h3>
            <ul>
              {g.routes.map((r) => (
                <li
                  key={r.route.id}
                  data-list-route={r.route.id}
                  className={highlight === r.route.id ? 'route-row route-row--hi' : 'route-row'}
                  tabIndex={0}
                  onMouseEnter={() => onHighlight(r.route.id)}
                  onMouseLeave={() => onHighlight(null)}
                  onFocus={() => onHighlight(r.route.id)}
                  onBlur={() => onHighlight(null)}
                >
                  <span
                    className="swatch"
                    style={{ background: CORRIDOR_COLOR[r.corridor] }}
                    aria-hidden="true"
                  />
                  <span className="route-dest">
                    {r.destination ? name(r.destination.names) : r.route.destination}
                    <span className="route-country">{countryName(r.route.destinationCountry, locale)}</span>
                  </span>
                  <span className="route-days">
                    {transitText(r.route.transitDays, r.route.transitDaysEstimated, t, fmt)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
