// The real micropub-client library: read the configuration, then update an entry.
// Input: {endpoint, token, url}; output: one JSON line.
"use strict";
const { Micropub } = require("micropub-client");

async function main() {
  const { endpoint, token, url } = JSON.parse(process.argv[2]);
  const client = new Micropub({ url: endpoint, token });
  const config = await client.getConfig();
  const updated = await client.update({
    url,
    replace: { content: ["Replaced through micropub-client."] },
    add: { category: ["indieweb"] },
  });
  console.log(JSON.stringify({ config, updated }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
