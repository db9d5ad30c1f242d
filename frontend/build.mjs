// Builds the static front end into build/static/openbuy: compiled CSS, GOV.UK
// Frontend's JavaScript and the images it references. Fonts are not copied:
// openbuy uses the reader's system font.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
const out = join(root, "build/static/openbuy");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const css = sass.compile(join(root, "frontend/app.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  silenceDeprecations: [],
});
writeFileSync(join(out, "css/app.min.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js/govuk-frontend.min.js"));
cpSync(join(root, "frontend/init.mjs"), join(out, "js/init.mjs"));
// The API's docs page: Swagger UI (from django-ninja's static files) started from a file.
cpSync(join(root, "frontend/api-docs.js"), join(out, "js/api-docs.js"));
cpSync(join(root, "frontend/api-docs.css"), join(out, "css/api-docs.css"));
cpSync(join(root, "frontend/enabled.js"), join(out, "js/enabled.js"));

// The CSS names a few images; the royal crest (footer copyright logo) is for
// gov.uk only, so it is replaced by an empty image that collectstatic can
// still resolve. openbuy never uses that footer class.
mkdirSync(join(out, "assets/images"), { recursive: true });
const blank = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';
for (const name of readdirSync(join(govuk, "assets/images"))) {
  if (!css.css.includes(`images/${name}`)) continue;
  if (name.includes("crest") || name.includes("crown")) {
    writeFileSync(join(out, "assets/images", name), blank);
  } else {
    cpSync(join(govuk, "assets/images", name), join(out, "assets/images", name));
  }
}
cpSync(join(root, "frontend/favicon.svg"), join(out, "favicon.svg"));
console.log(`built ${out} (${Math.round(css.css.length / 1024)} KB of CSS)`);
