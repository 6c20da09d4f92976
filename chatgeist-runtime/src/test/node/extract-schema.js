// Writes the TL schema text that GramJS 2.26.22 ships (tl/schemaTl.js = MTProto layer, tl/apiTl.js = API layer)
// into src/main/resources/dev/chatgeist/telegram/tl/api.tl. Only the schema text is kept, never GramJS code.
// Run after `npm ci`: node extract-schema.js
"use strict";
const fs = require("fs");
const path = require("path");

const pkg = require("telegram/package.json");
const layer = require("telegram/tl/AllTLObjects").LAYER;
const mtproto = require("telegram/tl/schemaTl.js").trim();
const api = require("telegram/tl/apiTl.js").trim();

const out = [
    `// Telegram TL schema, API layer ${layer}, as published by Telegram (core.telegram.org/schema).`,
    `// Extracted from npm telegram@${pkg.version} (tl/schemaTl.js, then tl/apiTl.js) by src/test/node/extract-schema.js.`,
    `// LAYER ${layer}`,
    "// @section mtproto",
    mtproto,
    "// @section api",
    "---types---",
    api,
    "",
].join("\n");
const target = path.join(__dirname, "..", "..", "main", "resources", "dev", "chatgeist", "telegram", "tl", "api.tl");
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, out);
console.log(`wrote ${target}: layer ${layer}, ${out.split("\n").length} lines`);
