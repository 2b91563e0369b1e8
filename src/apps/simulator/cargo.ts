// Who books what in the twin: the tenant enterprises, the goods mix of exports and imports, box
// weights and sizes, the Hami melons' season and setpoint, container owners — and the device feeds.
// Figures and their sources: docs/simulator.md (calibration).
/** The zones' tenant enterprises that book in the twin (organizations created at set-up). */
export const TENANTS: ReadonlyArray<{
  id: string;
  kind: 'shipper' | 'forwarder';
  en: string;
  zh: string;
  goods: readonly string[];
}> = [
  {
    id: 'twin-tianshan-steel',
    kind: 'shipper',
    en: 'Tianshan Steel Trading (simulated)',
    zh: '天山钢贸（模拟）',
    goods: ['steel', 'plumbing-building'],
  },
  {
    id: 'twin-redsun-tomato',
    kind: 'shipper',
    en: 'Red Sun Tomato Products (simulated)',
    zh: '红日番茄制品（模拟）',
    goods: ['tomato-food'],
  },
  {
    id: 'twin-junggar-chem',
    kind: 'shipper',
    en: 'Junggar PVC Chemicals (simulated)',
    zh: '准噶尔PVC化工（模拟）',
    goods: ['pvc-chemicals'],
  },
  {
    id: 'twin-silkroad-goods',
    kind: 'forwarder',
    en: 'Silk Road Daily Goods Logistics (simulated)',
    zh: '丝路日用品物流（模拟）',
    goods: ['daily-goods', 'electronics'],
  },
  {
    id: 'twin-kashgar-textile',
    kind: 'shipper',
    en: 'Kashgar Textile & Clothing (simulated)',
    zh: '喀什纺织服装（模拟）',
    goods: ['clothing-textiles'],
  },
  {
    id: 'twin-urumqi-machinery',
    kind: 'shipper',
    en: 'Urumqi Machinery Export (simulated)',
    zh: '乌鲁木齐机械出口（模拟）',
    goods: ['machinery', 'vehicles'],
  },
  {
    id: 'twin-landport-forwarding',
    kind: 'forwarder',
    en: 'Land Port International Forwarding (simulated)',
    zh: '陆港国际货代（模拟）',
    goods: ['plumbing-building', 'daily-goods', 'machinery', 'steel'],
  },
  {
    id: 'twin-hami-coldchain',
    kind: 'shipper',
    en: 'Hami Melon Cold Chain (simulated)',
    zh: '哈密瓜冷链（模拟）',
    goods: ['fruit-vegetables-cold'],
  },
];

/** Share of export TEU by goods group (see docs/simulator.md for what it is calibrated to). */
export const EXPORT_MIX: ReadonlyArray<readonly [string, number]> = [
  ['steel', 18],
  ['tomato-food', 9],
  ['pvc-chemicals', 12],
  ['daily-goods', 16],
  ['clothing-textiles', 14],
  ['machinery', 11],
  ['plumbing-building', 10],
  ['electronics', 6],
  ['vehicles', 4],
];
export const IMPORT_MIX: ReadonlyArray<readonly [string, number]> = [
  ['mineral-products', 26],
  ['edible-oil', 18],
  ['wheat-grain', 20],
  ['metals', 12],
  ['raw-materials', 12],
  ['european-consumer', 8],
  ['meat-dairy-cold', 2],
];
/** Gross kg per FEU [low, high) by goods group; a 20' box carries 60–85 % of it. */
export const KG_PER_FEU: Readonly<Record<string, readonly [number, number]>> = {
  steel: [25_000, 28_500],
  'tomato-food': [24_000, 27_500],
  'pvc-chemicals': [21_000, 26_000],
  'daily-goods': [9_000, 15_000],
  'clothing-textiles': [7_000, 12_000],
  machinery: [12_000, 22_000],
  'plumbing-building': [15_000, 24_000],
  electronics: [8_000, 14_000],
  vehicles: [12_000, 18_000],
  'mineral-products': [26_000, 28_500],
  'edible-oil': [24_000, 26_500],
  'wheat-grain': [25_000, 27_500],
  metals: [26_000, 28_500],
  'raw-materials': [20_000, 26_000],
  'european-consumer': [10_000, 18_000],
  'meat-dairy-cold': [22_000, 26_000],
  'fruit-vegetables-cold': [22_000, 25_500],
};
/** Heavy goods travel partly in 20' boxes (in pairs). */
export const TWENTY_FOOT_SHARE: Readonly<Record<string, number>> = {
  steel: 0.35,
  'tomato-food': 0.4,
  'mineral-products': 0.5,
  'wheat-grain': 0.3,
  metals: 0.4,
};
/** Hami melons: in season June–September; 3.5 °C (cold storage 3–4 °C). */
export const MELON_SETPOINT_C = 3.5;
export const MELON_ROUTES = new Set([
  'URM-ALA',
  'URM-AST',
  'URM-FRU',
  'URM-TAS',
  'URM-MOW',
  'URM-OVB',
  'URM-MSQ',
]);
export const FROZEN_SETPOINT_C = -18;

export const OWNERS = ['CSQU', 'TGHU', 'SEGU', 'BMOU', 'CRXU', 'TCNU', 'FCIU', 'CBHU', 'TEMU', 'GESU'];
export const REEFER_OWNERS = ['SZLU', 'CXRU', 'TRIU'];

/**
 * The trains' GPS trackers report through one telematics gateway (a railway's train-tracking feed),
 * the reefer controllers through their provider's: one device each, as such gateways do.
 */
export const TRAIN_FEED = 'twin-train-trackers';
export const REEFER_FEED = 'twin-reefer-telematics';

/** Days before a departure the twin's tenants book and start delivering to the yard. */
export const BOOKING_LEAD_DAYS = 3;
