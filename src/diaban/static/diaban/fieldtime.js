// Field time of a department: its share of working days at the grassroots by month (bars) against the
// target of its rule (a line), in percent.
(function () {
  function draw() {
    var source = document.getElementById("fieldtime-data");
    var canvas = document.getElementById("fieldtime-chart");
    if (!source || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var datasets = [
      {
        type: "bar",
        label: "Tỷ lệ ngày ở cơ sở (%)",
        data: data.ratio,
        backgroundColor: "#8b0000",
        order: 2
      }
    ];
    if (data.target) {
      datasets.push({
        type: "line",
        label: "Chỉ tiêu (%)",
        data: data.target,
        borderColor: "#198754",
        backgroundColor: "#198754",
        borderDash: [6, 4],
        pointRadius: 0,
        order: 1
      });
    }
    new Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, suggestedMax: 50, ticks: { callback: function (v) { return v + " %"; } } } },
        plugins: {
          tooltip: {
            callbacks: {
              afterLabel: function (item) {
                if (item.dataset.type !== "bar") return "";
                var i = item.dataIndex;
                return data.field_days[i] + " / " + data.working_days[i] + " ngày";
              }
            }
          }
        }
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
