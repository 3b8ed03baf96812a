// Coverage dashboard charts: units with and without a cadre per level, and units per cadre.
(function () {
  function draw() {
    var source = document.getElementById("coverage-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var share = function (values, i) {
      var total = data.covered[i] + data.uncovered[i];
      return total ? 100 * values[i] / total : 0;
    };
    var byLevel = document.getElementById("coverage-chart");
    if (byLevel) {
      new Chart(byLevel, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: "Có cán bộ theo dõi", data: data.covered.map(function (_v, i) { return share(data.covered, i); }),
              counts: data.covered, backgroundColor: "#198754" },
            { label: "Chưa có", data: data.uncovered.map(function (_v, i) { return share(data.uncovered, i); }),
              counts: data.uncovered, backgroundColor: "#ffc107" }
          ]
        },
        options: {
          indexAxis: "y", maintainAspectRatio: false, animation: false,
          scales: { x: { stacked: true, min: 0, max: 100, title: { display: true, text: "%" } }, y: { stacked: true } },
          plugins: { tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + ctx.dataset.counts[ctx.dataIndex].toLocaleString("vi-VN") +
              " (" + (Math.floor(10 * ctx.raw) / 10).toLocaleString("vi-VN") + " %)";
          } } } }
        }
      });
    }
    var load = document.getElementById("load-chart");
    if (load) {
      new Chart(load, {
        type: "bar",
        data: { labels: data.load_labels, datasets: [{ label: "Số cán bộ", data: data.load, backgroundColor: "#8b0000" }] },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
                   scales: { x: { title: { display: true, text: "số địa bàn" } } } }
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
