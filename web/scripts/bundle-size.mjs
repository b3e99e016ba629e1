// Prints the size of the built JavaScript and CSS of the portal (web/dist/assets), raw and
// gzipped (level 9), as docs/portal.md records it. Exit 1 when the JavaScript exceeds 250 KB
// gzipped (the budget of issue 10). Run after `npm run build`: `npm run size`.
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dir = new URL("../dist/assets/", import.meta.url).pathname;
const total = { js: [0, 0], css: [0, 0] };
for (const name of readdirSync(dir)) {
  const kind = name.endsWith(".js") ? "js" : name.endsWith(".css") ? "css" : null;
  if (!kind) continue;
  const bytes = readFileSync(join(dir, name));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total[kind][0] += bytes.length;
  total[kind][1] += gz;
  console.log(`${name}\t${bytes.length} B\t${gz} B gzipped`);
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`JavaScript: ${kb(total.js[0])} KB, ${kb(total.js[1])} KB gzipped`);
console.log(`CSS: ${kb(total.css[0])} KB, ${kb(total.css[1])} KB gzipped`);
if (total.js[1] > 250 * 1024) {
  console.error("the portal's JavaScript exceeds the 250 KB gzipped budget");
  process.exit(1);
}
