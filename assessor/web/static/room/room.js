// A workshop room's page: wait on the room's /state for a change, then redraw #room from the
// server's own HTML (/main), so that the next question and the reveal appear without a reload.
// While someone is choosing their rating the form is left alone (only the count of who has
// rated is brought up to date). Without this script the page refreshes itself instead.
(function () {
  "use strict";
  var room = document.getElementById("room");
  if (!room) {
    return;
  }
  var base = room.getAttribute("data-base");
  var announce = document.getElementById("announce");

  function current() {
    return document.getElementById("state");
  }

  function versionShown() {
    var state = current();
    return state ? Number(state.getAttribute("data-version") || "0") : 0;
  }

  function pause(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function fresh() {
    return fetch(base + "main", { credentials: "same-origin", cache: "no-store" }).then(
      function (response) {
        return response.text().then(function (html) {
          var parsed = new DOMParser().parseFromString(html, "text/html");
          return { status: response.status, state: parsed.getElementById("state") };
        });
      }
    );
  }

  function choosing(shown, next) {
    return shown && next &&
      shown.getAttribute("data-choosing") === "yes" &&
      next.getAttribute("data-phase") === "rating" &&
      next.getAttribute("data-question") === shown.getAttribute("data-question");
  }

  function redraw() {
    return fresh().then(function (got) {
      var shown = current();
      var next = got.state;
      if (!next) {
        return got.status;
      }
      if (choosing(shown, next)) {
        var count = next.querySelector("#progress");
        var old = shown.querySelector("#progress");
        if (count && old) {
          old.textContent = count.textContent;
        }
        shown.setAttribute("data-version", next.getAttribute("data-version"));
        return got.status;
      }
      var changedPhase = !shown ||
        shown.getAttribute("data-phase") !== next.getAttribute("data-phase") ||
        shown.getAttribute("data-question") !== next.getAttribute("data-question");
      room.replaceChildren(document.adoptNode(next));
      if (changedPhase && announce) {
        announce.textContent = next.getAttribute("data-note") || "";
      }
      return got.status;
    });
  }

  // Whether the state sent differs from the page shown only in how many have rated (as
  // each rating in the room does): then the count is brought up to date in place.
  function onlyTheCount(view) {
    var state = current();
    var question = view.question ? view.question.id : "";
    var mine = view.mine ? view.mine.choice + " " + view.mine.comment : "";
    return state &&
      view.phase === "rating" &&
      state.getAttribute("data-phase") === "rating" &&
      state.getAttribute("data-question") === question &&
      state.getAttribute("data-mine") === mine;
  }

  function recount(view) {
    var count = document.getElementById("progress");
    if (count) {
      count.textContent = view.rated + " of " + view.of + " " +
        (view.rated === 1 ? "has" : "have") + " rated so far.";
    }
    current().setAttribute("data-version", String(view.version));
  }

  function wait() {
    var state = current();
    if (!state || state.getAttribute("data-kind") !== "state") {
      return; // joining, refused or closed: nothing to wait for
    }
    fetch(base + "state?v=" + versionShown(), {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (response.status === 200) {
          return response.json().then(function (view) {
            if (view.version === versionShown()) {
              return 200;
            }
            if (onlyTheCount(view)) {
              recount(view);
              return 200;
            }
            return redraw();
          });
        }
        return redraw().then(function () { return response.status; });
      })
      .then(
        function (status) {
          if (status === 200) {
            wait();
          } else if (status !== 410) {
            pause(3000).then(wait);
          }
        },
        function () {
          pause(3000).then(wait); // the network dropped: try again shortly
        }
      );
  }

  wait();
})();
