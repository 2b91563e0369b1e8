// Writes the network API answers computed from the reference network in data/network/ (with the
// domain's own API mappers) into one JSON file, for the dev fixtures plugin to serve before the
// server exists:  npx tsx web/scripts/reference-snapshot.ts .tmp/network-snapshot.json
//                 LUGANG_FIXTURES=.tmp/network-snapshot.json npx vite --config web/vite.config.ts

import { writeFileSync } from 'node:fs';
import { apiGateways, apiLocations, apiRoutes, summarize } from '../../src/domain/network/network';
import { loadNetworkData } from '../../src/modules/network/load-data';

const out = process.argv[2] ?? '.tmp/network-snapshot.json';
const network = await loadNetworkData();
const responses = {
  '/api/v1/network/summary': summarize(network),
  '/api/v1/network/locations': { items: apiLocations(network) },
  '/api/v1/network/routes': { items: apiRoutes(network) },
  '/api/v1/network/gateways': { items: apiGateways(network) },
};
writeFileSync(out, JSON.stringify(responses));
const s = responses['/api/v1/network/summary'];
console.log(`${out}: ${s.routes} routes, ${s.destinationCities} cities, ${s.destinationCountries} countries`);
