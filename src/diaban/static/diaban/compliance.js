// Compliance dashboard: reports expected, received and on time, by month of the meeting.
(function () {
  function draw() {
    var source = document.getElementById("reporting-data");
    var canvas = document.getElementById("reporting-chart");
    if (!source || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Phải có", data: data.expected, borderColor: "#6c757d", backgroundColor: "#6c757d" },
          { label: "Đã nhận", data: data.received, borderColor: "#0d6efd", backgroundColor: "#0d6efd" },
          { label: "Đúng hạn", data: data.on_time, borderColor: "#198754", backgroundColor: "#198754" }
        ]
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
