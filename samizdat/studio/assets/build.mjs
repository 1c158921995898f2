// Bundle index.js into ../static/studio/vendor/codemirror.js (minified, one IIFE) and write
// the licence of every package that went into it beside it. Run by `make studio-assets`
// after `npm ci`, so the result follows package-lock.json exactly.
import { build } from "esbuild";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";

const out = new URL("../static/studio/vendor/", import.meta.url).pathname;
const result = await build({
  entryPoints: ["index.js"],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "SamizdatCodeMirror",
  target: ["es2020"],
  legalComments: "none",
  metafile: true,
  outfile: join(out, "codemirror.js"),
  banner: { js: "/* CodeMirror 6 and its parts, bundled for samizdat's studio: see LICENSES.txt */" },
});

// node_modules/<pkg>/… (or node_modules/@scope/<pkg>/…) for each input file.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}
const sections = [];
for (const name of [...packages].sort()) {
  const root = join("node_modules", name);
  const meta = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"].map((f) => join(root, f))
    .find(existsSync);
  if (!file) throw new Error(`${name}: no licence file`);
  sections.push(`${name} ${meta.version} (${meta.license})\n\n${readFileSync(file, "utf8").trim()}\n`);
}
writeFileSync(
  join(out, "LICENSES.txt"),
  "Licences of the packages bundled into codemirror.js\n" +
    "=".repeat(52) + "\n\n" + sections.join("\n" + "-".repeat(72) + "\n\n"),
);
console.log(`codemirror.js: ${[...packages].length} packages, ${dirname(out)}`);
