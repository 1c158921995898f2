/* Embed cards (samizdat.embeds): a card is a link to the original until a reader presses its
   button; only then is the player (YouTube without cookies, Vimeo without tracking, Bluesky's
   embed) loaded, in a frame from one of the hosts below — the page's Content-Security-Policy
   allows no other. A file of the site; no inline script. */
(function () {
  "use strict";
  const FRAMES = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/", "https://embed.bsky.app/embed/"];
  document.documentElement.classList.add("embeds-ready");
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.embed-load");
    if (!button) return;
    const src = button.dataset.embedFrame || "";
    if (!FRAMES.some((start) => src.startsWith(start))) return;
    const figure = button.closest("figure.embed");
    const original = figure.querySelector("a.embed-card");
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.title = button.dataset.embedTitle || "Embedded content";
    frame.className = "embed-frame";
    frame.allow = "fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin";
    const link = document.createElement("a");
    link.className = "embed-original";
    link.href = original ? original.href : src;
    link.textContent = "Open the original";
    figure.replaceChildren(frame, link);
    figure.classList.add("embed-loaded");
    frame.focus();
  });
})();
