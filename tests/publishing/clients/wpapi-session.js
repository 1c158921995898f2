// What a writing app does with the WordPress REST API, through the real wpapi library:
// discover the API from the site's address, then list, create, update, upload and delete.
// Input: one JSON argument {site, username, password, image}; output: one JSON line.
"use strict";
const fs = require("fs");
const WPAPI = require("wpapi");

async function main() {
  const { site, username, password, image } = JSON.parse(process.argv[2]);
  const out = {};
  const discovered = await WPAPI.discover(site);
  discovered.auth({ username, password });
  const wp = discovered;
  out.endpoint = wp._options.endpoint;

  const listed = await wp.posts().perPage(2).get();
  out.listed = listed.map((p) => p.title.rendered);
  out.totalPages = listed._paging ? listed._paging.totalPages : null;
  out.total = listed._paging ? listed._paging.total : null;

  const tag = await wp.tags().create({ name: "Dispatches" });
  const created = await wp.posts().create({
    title: "Written in wpapi",
    content: "<p>First words from <em>wpapi</em>.</p><script>alert(1)</script>",
    status: "draft",
    tags: [tag.id],
  });
  out.created = { id: created.id, status: created.status, raw: created.content.raw };

  const media = await wp.media().file(fs.readFileSync(image), "harbour.jpg").create({
    alt_text: "The harbour at dawn",
    caption: "Dawn over the harbour",
  });
  out.media = { id: media.id, source_url: media.source_url, mime_type: media.mime_type };

  const updated = await wp.posts().id(created.id).update({
    title: "Written in wpapi, edited",
    status: "publish",
    featured_media: media.id,
  });
  out.updated = { status: updated.status, link: updated.link, title: updated.title.raw };

  const embedded = await wp.posts().id(created.id).embed().get();
  out.embeddedAuthor = embedded._embedded.author[0].name;
  out.embeddedMedia = embedded._embedded["wp:featuredmedia"][0].id;

  const doomed = await wp.posts().create({ title: "Short-lived", content: "<p>Gone soon.</p>", status: "publish" });
  out.doomedLink = doomed.link;
  const deleted = await wp.posts().id(doomed.id).delete({ force: true });
  out.deleted = deleted.deleted;
  try {
    await wp.posts().id(doomed.id).get();
    out.afterDelete = "still there";
  } catch (error) {
    out.afterDelete = error.code;
  }
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
