// The Overview — the port management's wall screen: headline figures, the network on a map of
// Eurasia, the legend and the route list. Loading and error states in the chosen language.

import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import type { NetworkSnapshot } from '../../shared/api';
import { useNetwork } from '../../shared/useNetwork';
import { KpiTiles } from './KpiTiles';
import { Legend } from './Legend';
import { buildModel } from './model';
import { NetworkMap } from './NetworkMap';
import { RouteList } from './RouteList';

export function Overview() {
  const { t } = useI18n();
  const { state, retry } = useNetwork();

  if (state.status === 'loading') {
    return (
      <div className="state state--loading" role="status" aria-live="polite" data-testid="overview-loading">
        <div className="spinner" aria-hidden="true" />
        <p>{t('state.loading')}</p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="state state--error" role="alert" data-testid="overview-error">
        <h2>{t('state.error')}</h2>
        <p>{t('state.errorHint')}</p>
        <p className="state-detail">{t('state.errorDetail', { detail: state.detail })}</p>
        <button type="button" className="button" onClick={retry}>
          {t('state.retry')}
        </button>
      </div>
    );
  }
  return <OverviewReady data={state.data} />;
}

function OverviewReady({ data }: { readonly data: NetworkSnapshot }) {
  const { t, fmt } = useI18n();
  const model = useMemo(() => buildModel(data), [data]);
  const [highlight, setHighlight] = useState<string | null>(null);
  const s = data.summary;
  return (
    <div className="overview" data-testid="overview">
      <KpiTiles summary={s} gateways={model.gateways} />
      <div className="overview-main">
        <div className="map-panel">
          <div className="map-title">
            <h1>{t('overview.title')}</h1>
            <p>{t('overview.subtitle')}</p>
          </div>
          <NetworkMap model={model} highlight={highlight} onHighlight={setHighlight} />
          <Legend model={model} />
        </div>
        <RouteList model={model} highlight={highlight} onHighlight={setHighlight} />
      </div>
      <footer className="overview-foot">
        <span>{t('kpi.asOf', { date: fmt.date(s.asOf) })}</span>
        <span>{t('kpi.version', { version: s.version })}</span>
        <span className="overview-source">{t('kpi.source', { source: s.source })}</span>
      </footer>
    </div>
  );
}
