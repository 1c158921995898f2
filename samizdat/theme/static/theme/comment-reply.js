// Moves the reply form under the comment being answered. Without JavaScript the Reply link
// reloads the page with ?replytocom=<id>, which sets the same hidden field on the server.
// Also swaps the page's form stamp for the reader's own when they start on the form.
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  var form = document.getElementById("commentform");
  if (!respond || !form) return;
  var parentField = form.querySelector("input[name=parent]");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var home = document.createElement("div");
  home.id = "respond-home";
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  // The comment's id is read off its <li id="comment-N">, not repeated on every link (page weight).
  function replyTo(link) {
    var comment = link.closest("li.comment");
    if (!comment) return false;
    comment.querySelector(".comment-body").after(respond);
    parentField.value = comment.id.slice("comment-".length);
    cancel.hidden = false;
    form.querySelector("textarea").focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-reply-link");
    if (link && replyTo(link)) event.preventDefault();
  });
  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    home.after(respond);
    parentField.value = "";
    cancel.hidden = true;
  });

  // The page may be a stored copy made for another reader: when this one starts on the form,
  // a stamp made for them lets "sent too fast" count from now (issue 19). If the request
  // fails, the page's stamp still works; the comment is only held for a look.
  function renewStamp() {
    form.removeEventListener("focusin", renewStamp);
    fetch(form.action.replace("/comments/post/", "/comments/stamp/"), { method: "POST" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (reply) { if (reply && reply.stamp) form.elements.stamp.value = reply.stamp; })
      .catch(function () {});
  }
  form.addEventListener("focusin", renewStamp);
})();
