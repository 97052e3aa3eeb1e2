// The page of a queued or running import run follows the run where it stands, in place of
// reloading itself (which sent a screen reader back to the top and lost the keyboard's place on
// every reload): every 2 s it reads the page again and updates the status's words; the live
// region says when the run goes from queued to running, not each second that passes. Once the
// run is done its report takes the status's place, and the focus, if it was in what was
// replaced, goes to the first line of the outcome. Without scripts the status's "refresh" link
// does it by hand.
"use strict";

(() => {
  const PERIOD_MS = 2000;
  const said = document.getElementById("import-said");

  const finished = (next, page) => {
    const run = document.getElementById("import-run");
    const focusLost = run.contains(document.activeElement) || document.activeElement === document.body;
    run.replaceWith(document.adoptNode(next));
    document.title = page.title;
    // an apply's outcome, a run's error, or a dry run's report heading: whichever comes first
    const first = next.querySelector("#import-outcome, #import-error, #import-counts caption");
    if (first && focusLost) {
      first.tabIndex = -1;
      first.focus();
    } else {
      said.textContent = first ? first.textContent : `${page.title}: done.`;
    }
  };

  const follow = async () => {
    let page;
    try {
      const response = await fetch(window.location.href, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(`${response.status}`);
      }
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch {
      window.setTimeout(follow, PERIOD_MS); // the server restarting, a network blip: try again
      return;
    }
    const next = page.getElementById("import-run");
    if (!next) {
      return; // signed out meanwhile, say: the refresh link shows the page that says so
    }
    const nextStatus = next.querySelector("#import-status");
    if (!nextStatus) {
      finished(next, page);
      return;
    }
    const status = document.getElementById("import-status");
    const progress = nextStatus.querySelector("#import-progress").textContent;
    document.getElementById("import-progress").textContent = progress;
    if (nextStatus.dataset.status !== status.dataset.status) {
      status.dataset.status = nextStatus.dataset.status;
      said.textContent = progress;
    }
    window.setTimeout(follow, PERIOD_MS);
  };

  window.setTimeout(follow, PERIOD_MS);
})();
