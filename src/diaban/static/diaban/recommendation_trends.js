// Recommendation trends: how many were raised each month, and in each topic.
(function () {
  var RED = "#8b0000";
  function vn(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  function bar(canvas, labels, counts, horizontal) {
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: "Số kiến nghị", data: counts, backgroundColor: RED }] },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return "Số kiến nghị: " + vn(item.raw); } } }
        },
        scales: {
          x: horizontal ? { beginAtZero: true, ticks: { precision: 0, callback: vn } } : {},
          y: horizontal ? {} : { beginAtZero: true, ticks: { precision: 0, callback: vn } }
        }
      }
    });
  }
  function draw() {
    var source = document.getElementById("trends-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var months = document.getElementById("trends-months-chart");
    var topics = document.getElementById("trends-topics-chart");
    if (months) bar(months, data.months.labels, data.months.counts, false);
    if (topics) bar(topics, data.topics.labels, data.topics.counts, true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
