// Copies the pinned front-end libraries and the Natural Earth base map from node_modules
// into vendor/ (committed, so neither the build nor CI needs npm). Run: npm ci && npm run vendor
import { copyFileSync, mkdirSync } from "node:fs";
const files = [
  ["d3/dist/d3.min.js", "d3.min.js"],
  ["d3/LICENSE", "LICENSE-d3.txt"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client/LICENSE", "LICENSE-topojson-client.txt"],
  ["world-atlas/countries-50m.json", "countries-50m.json"],
  ["world-atlas/LICENSE", "LICENSE-world-atlas.txt"],
];
mkdirSync("vendor", { recursive: true });
for (const [from, to] of files) {
  copyFileSync(`node_modules/${from}`, `vendor/${to}`);
  console.log(`vendor/${to} <- ${from}`);
}
