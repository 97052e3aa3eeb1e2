// The moments a page gives in UTC ({% local_time %}: <time data-local="date|datetime">), rewritten
// in the reader's own time zone, named: "2026-12-07 21:05 EST", or "2026-12-07" for a date. Its
// title names the zone as the browser does ("America/New_York").
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
for (const shown of document.querySelectorAll("time[data-local]")) {
  const at = new Date(shown.dateTime);
  if (Number.isNaN(at.getTime())) continue;
  const date = [at.getFullYear(), at.getMonth() + 1, at.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  if (shown.dataset.local === "date") {
    shown.textContent = date;
  } else {
    const clock = [at.getHours(), at.getMinutes()].map((n) => String(n).padStart(2, "0")).join(":");
    const named = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(at);
    const abbreviation = named.find((part) => part.type === "timeZoneName")?.value ?? zone;
    shown.textContent = `${date} ${clock} ${abbreviation}`;
  }
  shown.title = zone;
}
