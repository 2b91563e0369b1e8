// The wall screen's headline figures, straight from /api/v1/network/summary (test ids for the e2e run).

import { useI18n } from '../../i18n/locale';
import type { Gateway, NetworkSummary } from '../../shared/api';

interface Props {
  readonly summary: NetworkSummary;
  /** Capacity figures per gateway id, from /api/v1/network/gateways. */
  readonly gateways: ReadonlyMap<string, Gateway>;
}

export function KpiTiles({ summary, gateways }: Props) {
  const { t, fmt, name } = useI18n();
  // The exit gateways are the border ports; other gauge breaks along the routes are not counted here.
  const exits = summary.gateways.filter((g) => g.border ?? gateways.get(g.id)?.border ?? true);
  const tiles = [
    { id: 'kpi-routes', label: t('kpi.routes'), value: summary.routes, hint: t('kpi.routesHint') },
    { id: 'kpi-cities', label: t('kpi.cities'), value: summary.destinationCities, hint: t('kpi.citiesHint') },
    {
      id: 'kpi-countries',
      label: t('kpi.countries'),
      value: summary.destinationCountries,
      hint: t('kpi.countriesHint'),
    },
    { id: 'kpi-goods', label: t('kpi.goods'), value: summary.goodsCategories, hint: t('kpi.goodsHint') },
  ];
  return (
    <section className="kpis" aria-label={t('overview.title')}>
      {tiles.map((tile) => (
        <div key={tile.id} className="kpi" data-testid={tile.id}>
          <div className="kpi-label">{tile.label}</div>
          <div className="kpi-value" data-value={tile.value}>
            {fmt.integer(tile.value)}
          </div>
          <div className="kpi-hint">{tile.hint}</div>
        </div>
      ))}
      <div className="kpi kpi--gateways" data-testid="kpi-gateways">
        <div className="kpi-label">{t('kpi.gateways')}</div>
        <div className="kpi-value" data-value={exits.length}>
          {fmt.integer(exits.length)}
        </div>
        <ul className="kpi-gateway-list">
          {exits.map((g) => {
            const cap = gateways.get(g.id);
            return (
              <li key={g.id} data-gateway-id={g.id}>
                <span className="gw-diamond" aria-hidden="true" />
                <span className="gw-name">{name(g.names)}</span>
                {cap && (
                  <span className="gw-cap">
                    {t('kpi.gatewayFlow', { out: cap.trainsPerDay.outbound, in: cap.trainsPerDay.inbound })}
                    <span className="gw-transship">
                      {' · '}
                      {t('kpi.gatewayTransship', { hours: cap.transshipmentHours })}
                    </span>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
