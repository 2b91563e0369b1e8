// DEV FIXTURE ONLY — a stand-in for the server's /api/v1/network/* while the server does not exist.
// Shapes follow docs/network-api.md; places and corridors are real, but routes, days and capacities
// here are chosen for development and are NOT the reference network (that lives in data/network/).
// Never imported by the production bundle: only web/vite.config.ts (dev/preview) and tests use it.

import type {
  Gateway,
  LegMode,
  LocationKind,
  NetworkLocation,
  NetworkRoute,
  NetworkSummary,
  RouteLeg,
} from '../src/shared/api';

type Gauge = 1435 | 1520;

interface Place {
  id: string;
  kind: LocationKind;
  country: string;
  lon: number;
  lat: number;
  en: string;
  zh: string;
  ru: string;
  gauge: Gauge;
  destination?: boolean;
  unlocode?: string;
}

const P = (
  id: string,
  kind: LocationKind,
  country: string,
  lon: number,
  lat: number,
  en: string,
  zh: string,
  ru: string,
  gauge: Gauge,
  extra: { destination?: boolean; unlocode?: string } = {},
): Place => ({ id, kind, country, lon, lat, en, zh, ru, gauge, ...extra });

const d = { destination: true };

const PLACES: Place[] = [
  P(
    'CNURM-AC',
    'assembly-center',
    'CN',
    87.42,
    43.9,
    'Urumqi Assembly Center',
    '乌鲁木齐集结中心',
    'Урумчи, сборный центр',
    1435,
    { unlocode: 'CNURC' },
  ),
  P('CNKUY', 'junction', 'CN', 84.9, 44.43, 'Kuytun', '奎屯', 'Куйтун', 1435),
  P('CNJHE', 'junction', 'CN', 82.89, 44.61, 'Jinghe', '精河', 'Цзинхэ', 1435),
  P('CNYIN', 'junction', 'CN', 81.32, 43.91, 'Yining', '伊宁', 'Инин', 1435),
  P('CNAKL', 'gateway', 'CN', 82.57, 45.17, 'Alashankou', '阿拉山口', 'Алашанькоу', 1435, {
    unlocode: 'CNAKL',
  }),
  P('KZDOS', 'gateway', 'KZ', 82.49, 45.25, 'Dostyk', '多斯特克', 'Достык', 1520, { unlocode: 'KZDOS' }),
  P('CNHRS', 'gateway', 'CN', 80.42, 44.21, 'Khorgos', '霍尔果斯', 'Хоргос', 1435, { unlocode: 'CNHRS' }),
  P('KZALT', 'gateway', 'KZ', 80.27, 44.17, 'Altynkol', '阿腾科里', 'Алтынколь', 1520),
  P('KZAKT', 'junction', 'KZ', 79.98, 46.95, 'Aktogay', '阿克斗卡', 'Актогай', 1520),
  P('KZALA', 'destination', 'KZ', 76.95, 43.24, 'Almaty', '阿拉木图', 'Алматы', 1520, {
    ...d,
    unlocode: 'KZALA',
  }),
  P('KZSHU', 'junction', 'KZ', 73.76, 43.6, 'Shu', '楚', 'Шу', 1520),
  P('KGFRU', 'destination', 'KG', 74.59, 42.87, 'Bishkek', '比什凯克', 'Бишкек', 1520, {
    ...d,
    unlocode: 'KGFRU',
  }),
  P('KZCIT', 'destination', 'KZ', 69.6, 42.32, 'Shymkent', '奇姆肯特', 'Шымкент', 1520, {
    ...d,
    unlocode: 'KZCIT',
  }),
  P('UZTAS', 'destination', 'UZ', 69.24, 41.31, 'Tashkent', '塔什干', 'Ташкент', 1520, {
    ...d,
    unlocode: 'UZTAS',
  }),
  P('UZSKD', 'destination', 'UZ', 66.96, 39.65, 'Samarkand', '撒马尔罕', 'Самарканд', 1520, {
    ...d,
    unlocode: 'UZSKD',
  }),
  P('UZTMJ', 'junction', 'UZ', 67.28, 37.22, 'Termez', '铁尔梅兹', 'Термез', 1520),
  P('TJDYU', 'destination', 'TJ', 68.78, 38.56, 'Dushanbe', '杜尚别', 'Душанбе', 1520, {
    ...d,
    unlocode: 'TJDYU',
  }),
  P('AFHRT', 'junction', 'AF', 67.42, 37.21, 'Hairatan', '海拉顿', 'Хайратон', 1520),
  P('AFMZR', 'destination', 'AF', 67.11, 36.71, 'Mazar-i-Sharif', '马扎里沙里夫', 'Мазари-Шариф', 1520, {
    ...d,
    unlocode: 'AFMZR',
  }),
  P('KZDZN', 'junction', 'KZ', 67.71, 47.8, 'Zhezkazgan', '杰兹卡兹甘', 'Жезказган', 1520),
  P('KZBEU', 'junction', 'KZ', 55.19, 45.32, 'Beyneu', '别伊涅乌', 'Бейнеу', 1520),
  P('KZSCO', 'ferry-port', 'KZ', 51.15, 43.6, 'Aktau port', '阿克套港', 'порт Актау', 1520, {
    unlocode: 'KZAAU',
  }),
  P(
    'AZALT',
    'ferry-port',
    'AZ',
    49.41,
    39.95,
    'Alat (Port of Baku)',
    '阿拉特（巴库港）',
    'Алят (порт Баку)',
    1520,
  ),
  P('AZBAK', 'destination', 'AZ', 49.87, 40.41, 'Baku', '巴库', 'Баку', 1520, { ...d, unlocode: 'AZBAK' }),
  P('GETBS', 'destination', 'GE', 44.79, 41.72, 'Tbilisi', '第比利斯', 'Тбилиси', 1520, {
    ...d,
    unlocode: 'GETBS',
  }),
  P('GEAKH', 'gauge-break', 'GE', 43.48, 41.4, 'Akhalkalaki', '阿哈尔卡拉基', 'Ахалкалаки', 1520),
  P('TRKSY', 'gauge-break', 'TR', 43.1, 40.6, 'Kars', '卡尔斯', 'Карс', 1435, { unlocode: 'TRKSY' }),
  P('TRERZ', 'junction', 'TR', 41.27, 39.9, 'Erzurum', '埃尔祖鲁姆', 'Эрзурум', 1435),
  P('TRANK', 'junction', 'TR', 32.86, 39.93, 'Ankara', '安卡拉', 'Анкара', 1435),
  P('TRIST', 'destination', 'TR', 28.98, 41.01, 'Istanbul', '伊斯坦布尔', 'Стамбул', 1435, {
    ...d,
    unlocode: 'TRIST',
  }),
  P('KZUZN', 'junction', 'KZ', 52.85, 43.34, 'Zhanaozen', '扎瑙津', 'Жанаозен', 1520),
  P('TMBER', 'junction', 'TM', 55.0, 39.24, 'Bereket', '别列克特', 'Берекет', 1520),
  P('TMASB', 'destination', 'TM', 58.38, 37.95, 'Ashgabat', '阿什哈巴德', 'Ашхабад', 1520, {
    ...d,
    unlocode: 'TMASB',
  }),
  P('TMAKY', 'gauge-break', 'TM', 54.6, 37.55, 'Akyayla', '阿基亚伊拉', 'Акяйла', 1520),
  P('IRINB', 'gauge-break', 'IR', 54.72, 37.45, 'Incheh Burun', '因切布伦', 'Инче-Бурун', 1435),
  P('IRGOR', 'junction', 'IR', 54.43, 36.84, 'Gorgan', '戈尔甘', 'Горган', 1435),
  P('IRTHR', 'destination', 'IR', 51.39, 35.69, 'Tehran', '德黑兰', 'Тегеран', 1435, {
    ...d,
    unlocode: 'IRTHR',
  }),
  P('KZKGF', 'junction', 'KZ', 73.1, 49.8, 'Karaganda', '卡拉干达', 'Караганда', 1520),
  P('KZNQZ', 'destination', 'KZ', 71.43, 51.13, 'Astana', '阿斯塔纳', 'Астана', 1520, {
    ...d,
    unlocode: 'KZNQZ',
  }),
  P('KZPPK', 'junction', 'KZ', 69.15, 54.87, 'Petropavl', '彼得罗巴甫尔', 'Петропавл', 1520),
  P('RUKRO', 'junction', 'RU', 65.34, 55.44, 'Kurgan', '库尔干', 'Курган', 1520),
  P('RUYEK', 'destination', 'RU', 60.6, 56.84, 'Yekaterinburg', '叶卡捷琳堡', 'Екатеринбург', 1520, {
    ...d,
    unlocode: 'RUYEK',
  }),
  P('RUKZN', 'junction', 'RU', 49.11, 55.79, 'Kazan', '喀山', 'Казань', 1520),
  P('RUMOW', 'destination', 'RU', 37.62, 55.75, 'Moscow', '莫斯科', 'Москва', 1520, {
    ...d,
    unlocode: 'RUMOW',
  }),
  P('KZPLX', 'junction', 'KZ', 80.23, 50.41, 'Semey', '塞米伊', 'Семей', 1520),
  P('RUBAX', 'junction', 'RU', 83.78, 53.35, 'Barnaul', '巴尔瑙尔', 'Барнаул', 1520),
  P('RUOVB', 'destination', 'RU', 82.92, 55.03, 'Novosibirsk', '新西伯利亚', 'Новосибирск', 1520, {
    ...d,
    unlocode: 'RUOVB',
  }),
  P('RULNX', 'junction', 'RU', 32.05, 54.78, 'Smolensk', '斯摩棱斯克', 'Смоленск', 1520),
  P('BYMSQ', 'destination', 'BY', 27.56, 53.9, 'Minsk', '明斯克', 'Минск', 1520, { ...d, unlocode: 'BYMSQ' }),
  P('BYBQT', 'gauge-break', 'BY', 23.69, 52.09, 'Brest', '布列斯特', 'Брест', 1520, { unlocode: 'BYBQT' }),
  P('PLMAL', 'gauge-break', 'PL', 23.53, 52.04, 'Małaszewicze', '马拉舍维奇', 'Малашевичи', 1435),
  P('PLWAW', 'destination', 'PL', 21.01, 52.23, 'Warsaw', '华沙', 'Варшава', 1435, {
    ...d,
    unlocode: 'PLWAW',
  }),
  P('PLPOZ', 'junction', 'PL', 16.93, 52.41, 'Poznań', '波兹南', 'Познань', 1435),
  P('DEBER', 'junction', 'DE', 13.4, 52.52, 'Berlin', '柏林', 'Берлин', 1435),
  P('DEDUI', 'destination', 'DE', 6.76, 51.43, 'Duisburg', '杜伊斯堡', 'Дуйсбург', 1435, {
    ...d,
    unlocode: 'DEDUI',
  }),
  P('DEHAM', 'destination', 'DE', 9.99, 53.55, 'Hamburg', '汉堡', 'Гамбург', 1435, {
    ...d,
    unlocode: 'DEHAM',
  }),
  P('NLRTM', 'destination', 'NL', 4.48, 51.92, 'Rotterdam', '鹿特丹', 'Роттердам', 1435, {
    ...d,
    unlocode: 'NLRTM',
  }),
  P('PLLOD', 'destination', 'PL', 19.46, 51.76, 'Łódź', '罗兹', 'Лодзь', 1435, { ...d, unlocode: 'PLLOD' }),
  P('PLWRO', 'junction', 'PL', 17.04, 51.11, 'Wrocław', '弗罗茨瓦夫', 'Вроцлав', 1435),
  P('CZPRG', 'destination', 'CZ', 14.44, 50.08, 'Prague', '布拉格', 'Прага', 1435, {
    ...d,
    unlocode: 'CZPRG',
  }),
  P('PLKTW', 'junction', 'PL', 19.02, 50.26, 'Katowice', '卡托维兹', 'Катовице', 1435),
  P('HUBUD', 'destination', 'HU', 19.04, 47.5, 'Budapest', '布达佩斯', 'Будапешт', 1435, {
    ...d,
    unlocode: 'HUBUD',
  }),
  P('ATVIE', 'destination', 'AT', 16.37, 48.21, 'Vienna', '维也纳', 'Вена', 1435, {
    ...d,
    unlocode: 'ATVIE',
  }),
  P('ATVIL', 'junction', 'AT', 13.85, 46.61, 'Villach', '菲拉赫', 'Филлах', 1435),
  P('ITMIL', 'destination', 'IT', 9.19, 45.46, 'Milan', '米兰', 'Милан', 1435, { ...d, unlocode: 'ITMIL' }),
];

const byId = new Map(PLACES.map((p) => [p.id, p]));
const place = (id: string): Place => {
  const p = byId.get(id);
  if (!p) throw new Error(`fixture: unknown place ${id}`);
  return p;
};

const FERRIES = new Set(['KZSCO>AZALT']);

// Common stretches.
const CN_AKL = ['CNURM-AC', 'CNKUY', 'CNJHE', 'CNAKL', 'KZDOS', 'KZAKT'];
const CN_HRS = ['CNURM-AC', 'CNKUY', 'CNJHE', 'CNYIN', 'CNHRS', 'KZALT', 'KZALA'];
const TO_MOSCOW = [...CN_AKL, 'KZKGF', 'KZNQZ', 'KZPPK', 'RUKRO', 'RUYEK', 'RUKZN', 'RUMOW'];
const TO_POLAND = [...TO_MOSCOW, 'RULNX', 'BYMSQ', 'BYBQT', 'PLMAL', 'PLWAW'];
const TO_CASPIAN = [...CN_HRS, 'KZSHU', 'KZDZN', 'KZBEU'];
const TO_TERMEZ = [...CN_HRS, 'KZSHU', 'KZCIT', 'UZTAS', 'UZSKD', 'UZTMJ'];
const TO_TM = [...TO_CASPIAN, 'KZUZN', 'TMBER'];
const TO_CAUCASUS = [...TO_CASPIAN, 'KZSCO', 'AZALT'];

interface RouteDef {
  code: string;
  path: string[];
  gateway: string;
  days: number;
}

const ROUTES: RouteDef[] = [
  { code: 'ALA', path: CN_HRS, gateway: 'HRS', days: 2 },
  { code: 'FRU', path: [...CN_HRS, 'KZSHU', 'KGFRU'], gateway: 'HRS', days: 3 },
  { code: 'TAS', path: [...CN_HRS, 'KZSHU', 'KZCIT', 'UZTAS'], gateway: 'HRS', days: 3 },
  { code: 'SKD', path: [...CN_HRS, 'KZSHU', 'KZCIT', 'UZTAS', 'UZSKD'], gateway: 'HRS', days: 4 },
  { code: 'DYU', path: [...TO_TERMEZ, 'TJDYU'], gateway: 'HRS', days: 5 },
  { code: 'MZR', path: [...TO_TERMEZ, 'AFHRT', 'AFMZR'], gateway: 'HRS', days: 6 },
  { code: 'ASB', path: [...TO_TM, 'TMASB'], gateway: 'HRS', days: 6 },
  { code: 'THR', path: [...TO_TM, 'TMAKY', 'IRINB', 'IRGOR', 'IRTHR'], gateway: 'HRS', days: 14 },
  { code: 'BAK', path: [...TO_CAUCASUS, 'AZBAK'], gateway: 'HRS', days: 8 },
  { code: 'TBS', path: [...TO_CAUCASUS, 'GETBS'], gateway: 'HRS', days: 10 },
  {
    code: 'IST',
    path: [...TO_CAUCASUS, 'GETBS', 'GEAKH', 'TRKSY', 'TRERZ', 'TRANK', 'TRIST'],
    gateway: 'HRS',
    days: 14,
  },
  { code: 'NQZ', path: [...CN_AKL, 'KZKGF', 'KZNQZ'], gateway: 'AKL', days: 3 },
  { code: 'OVB', path: [...CN_AKL, 'KZPLX', 'RUBAX', 'RUOVB'], gateway: 'AKL', days: 5 },
  { code: 'MOW', path: TO_MOSCOW, gateway: 'AKL', days: 8 },
  { code: 'MSQ', path: [...TO_MOSCOW, 'RULNX', 'BYMSQ'], gateway: 'AKL', days: 9 },
  { code: 'DUI', path: [...TO_POLAND, 'PLPOZ', 'DEBER', 'DEDUI'], gateway: 'AKL', days: 10 },
  { code: 'HAM', path: [...TO_POLAND, 'PLPOZ', 'DEBER', 'DEHAM'], gateway: 'AKL', days: 11 },
  { code: 'RTM', path: [...TO_POLAND, 'PLPOZ', 'DEBER', 'DEDUI', 'NLRTM'], gateway: 'AKL', days: 16 },
  { code: 'PRG', path: [...TO_POLAND, 'PLLOD', 'PLWRO', 'CZPRG'], gateway: 'AKL', days: 13 },
  { code: 'BUD', path: [...TO_POLAND, 'PLKTW', 'HUBUD'], gateway: 'AKL', days: 14 },
  { code: 'MIL', path: [...TO_POLAND, 'PLKTW', 'ATVIE', 'ATVIL', 'ITMIL'], gateway: 'AKL', days: 19 },
];

function greatCircleKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function legOf(fromId: string, toId: string): RouteLeg {
  const a = place(fromId);
  const b = place(toId);
  const ferry = FERRIES.has(`${fromId}>${toId}`);
  const mode: LegMode = ferry ? 'ferry' : b.gauge === 1435 && a.gauge === 1435 ? 'rail-1435' : 'rail-1520';
  const km = Math.max(1, Math.round(greatCircleKm(a, b) * (ferry ? 1.05 : 1.2)));
  const hours = Math.max(1, Math.round(km / (ferry ? 18 : 45)));
  return { from: fromId, to: toId, mode, km, hours };
}

function names(id: string): { en: string; zh: string; ru: string } {
  const p = place(id);
  return { en: p.en, zh: p.zh, ru: p.ru };
}

export const locations: NetworkLocation[] = PLACES.map((p) => ({
  id: p.id,
  unlocode: p.unlocode ?? null,
  kind: p.kind,
  country: p.country,
  lat: p.lat,
  lon: p.lon,
  names: names(p.id),
  ...(p.id === 'CNAKL' ? { railCodes: { telegraph: 'AKR' } } : {}),
  ...(p.id === 'KZDOS' ? { railCodes: { esr: '708507' } } : {}),
  ...(p.id === 'CNHRS' ? { railCodes: { telegraph: 'HFR' } } : {}),
  destination: p.destination === true,
}));

export const routes: NetworkRoute[] = ROUTES.map((r) => {
  const dest = r.path[r.path.length - 1] ?? 'CNURM-AC';
  const legs = r.path.slice(1).map((to, i) => legOf(r.path[i] ?? 'CNURM-AC', to));
  const destPlace = place(dest);
  return {
    id: `URM-${r.code}`,
    names: {
      en: `Urumqi – ${destPlace.en}`,
      zh: `乌鲁木齐—${destPlace.zh}`,
      ru: `Урумчи – ${destPlace.ru}`,
    },
    origin: 'CNURM-AC',
    destination: dest,
    destinationCountry: destPlace.country,
    gateway: r.gateway,
    transitDays: r.days,
    legs,
    geometry: {
      type: 'LineString',
      coordinates: r.path.map((id) => [place(id).lon, place(id).lat] as const),
    },
  };
});

const mid = (a: string, b: string) => ({
  lat: (place(a).lat + place(b).lat) / 2,
  lon: (place(a).lon + place(b).lon) / 2,
});

export const gateways: Gateway[] = [
  {
    id: 'AKL',
    names: { en: 'Alashankou–Dostyk', zh: '阿拉山口—多斯特克', ru: 'Алашанькоу–Достык' },
    sides: ['CNAKL', 'KZDOS'],
    ...mid('CNAKL', 'KZDOS'),
    gaugeMm: [1435, 1520],
    trainsPerDay: { outbound: 18, inbound: 14 },
    transshipmentHours: 8,
    border: true,
  },
  {
    id: 'HRS',
    names: { en: 'Khorgos–Altynkol', zh: '霍尔果斯—阿腾科里', ru: 'Хоргос–Алтынколь' },
    sides: ['CNHRS', 'KZALT'],
    ...mid('CNHRS', 'KZALT'),
    gaugeMm: [1435, 1520],
    trainsPerDay: { outbound: 10, inbound: 8 },
    transshipmentHours: 10,
    border: true,
  },
  {
    id: 'BRS',
    names: { en: 'Brest–Małaszewicze', zh: '布列斯特—马拉舍维奇', ru: 'Брест–Малашевичи' },
    sides: ['PLMAL', 'BYBQT'],
    ...mid('PLMAL', 'BYBQT'),
    gaugeMm: [1435, 1520],
    trainsPerDay: { outbound: 4, inbound: 4 },
    transshipmentHours: 24,
    border: false,
  },
  {
    id: 'INB',
    names: { en: 'Akyayla–Incheh Burun', zh: '阿基亚伊拉—因切布伦', ru: 'Акяйла–Инче-Бурун' },
    sides: ['IRINB', 'TMAKY'],
    ...mid('IRINB', 'TMAKY'),
    gaugeMm: [1435, 1520],
    trainsPerDay: { outbound: 2, inbound: 2 },
    transshipmentHours: 24,
    border: false,
  },
  {
    id: 'AKH',
    names: { en: 'Akhalkalaki–Kars', zh: '阿哈尔卡拉基—卡尔斯', ru: 'Ахалкалаки–Карс' },
    sides: ['TRKSY', 'GEAKH'],
    ...mid('TRKSY', 'GEAKH'),
    gaugeMm: [1435, 1520],
    trainsPerDay: { outbound: 2, inbound: 2 },
    transshipmentHours: 24,
    border: false,
  },
];

const destinations = locations.filter((l) => l.destination);

export const summary: NetworkSummary = {
  version: 'dev-fixture',
  origin: 'CNURM-AC',
  routes: routes.length,
  destinationCities: destinations.length,
  destinationCountries: new Set(destinations.map((l) => l.country)).size,
  goodsCategories: 214,
  locations: locations.length,
  gateways: gateways.filter((g) => g.border).map((g) => ({ id: g.id, names: g.names })),
  asOf: '2022-06-30',
  source: 'web/dev-fixtures — development stand-in, not the reference network',
};

/** Responses by path, exactly as the server will answer them. */
export const fixtureResponses: Record<string, unknown> = {
  '/api/v1/network/summary': summary,
  '/api/v1/network/locations': { items: locations },
  '/api/v1/network/routes': { items: routes },
  '/api/v1/network/gateways': { items: gateways },
};
