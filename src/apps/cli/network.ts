/**
 * `lugang network`: the reference network as shipped in data/network/ (read from the files, so it
 * works while the server holds the embedded database).
 */
import { countryName } from '../../domain/codes/country';
import { apiRoutes, summarize } from '../../domain/network/network';
import type { Locale } from '../../domain/text';
import { loadNetworkData } from '../../modules/network/load-data';
import { countNetwork } from '../../modules/network/service';

export async function networkReport() {
  const network = await loadNetworkData();
  const summary = summarize(network);
  const routes = apiRoutes(network);
  const counts = countNetwork(routes, [...network.locations.values()]);
  return {
    version: summary.version,
    asOf: summary.asOf,
    routes: counts.routes,
    destinationCities: counts.destinationCities,
    destinationCountries: counts.destinationCountries,
    goodsCategories: summary.goodsCategories,
    gateways: [...network.gateways.values()].map((g) => ({
      id: g.id,
      names: g.names,
      border: g.border,
    })),
    countries: [...counts.countries].sort(),
    routeList: routes.map((r) => ({
      id: r.id,
      destination: r.destination,
      destinationNames: network.locations.get(r.destination)?.names,
      destinationCountry: r.destinationCountry,
      gateway: r.gateway,
      transitDays: r.transitDays,
      km: r.legs.reduce((sum, l) => sum + l.km, 0),
    })),
    source: summary.source,
  };
}

type Report = Awaited<ReturnType<typeof networkReport>>;

function pad(text: string, width: number): string {
  // CJK characters take two columns in a terminal
  const w = [...text].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(1, width - w));
}

export function printNetworkTable(r: Report, locale: Locale): void {
  const zh = locale === 'zh';
  console.log(
    zh
      ? `陆港参考网络 ${r.version}（截至 ${r.asOf}）：${r.routes} 条线路，${r.destinationCities} 个城市，${r.destinationCountries} 个国家和地区，${r.goodsCategories} 个货类`
      : `Lugang reference network ${r.version} (as of ${r.asOf}): ${r.routes} routes, ${r.destinationCities} cities, ${r.destinationCountries} countries and regions, ${r.goodsCategories} goods categories`,
  );
  console.log('');
  console.log(
    pad(zh ? '线路' : 'route', 14) +
      pad(zh ? '终点' : 'destination', 22) +
      pad(zh ? '国家' : 'country', 16) +
      pad(zh ? '口岸' : 'gateway', 9) +
      pad(zh ? '公里' : 'km', 8) +
      (zh ? '天数' : 'days'),
  );
  for (const x of r.routeList) {
    const name = x.destinationNames ? (zh ? x.destinationNames.zh : x.destinationNames.en) : x.destination;
    const country = countryName(x.destinationCountry, zh ? 'zh' : 'en') ?? x.destinationCountry;
    console.log(
      pad(x.id, 14) +
        pad(name, 22) +
        pad(country, 16) +
        pad(x.gateway ?? '—', 9) +
        pad(String(Math.round(x.km)), 8) +
        String(x.transitDays),
    );
  }
  console.log('');
  console.log(
    (zh ? '口岸：' : 'Gateways: ') +
      r.gateways.map((g) => `${g.id} ${zh ? g.names.zh : g.names.en}${g.border ? ' ★' : ''}`).join(', '),
  );
  console.log((zh ? '来源：' : 'Source: ') + r.source);
}
