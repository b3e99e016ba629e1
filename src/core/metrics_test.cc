#include "core/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace leados::core {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, CounterRendersHelpTypeAndLabels) {
  Metrics m;
  auto& c = m.Counter("leados_http_requests_total", "HTTP requests served.",
                      {{"route", "/healthz"}, {"status", "200"}});
  c.Inc();
  c.Inc(2);
  EXPECT_EQ(c.Value(), 3u);
  EXPECT_EQ(m.Render(),
            "# HELP leados_http_requests_total HTTP requests served.\n"
            "# TYPE leados_http_requests_total counter\n"
            "leados_http_requests_total{route=\"/healthz\",status=\"200\"} 3\n");
}

TEST(MetricsTest, SameNameAndLabelsGiveTheSameSeries) {
  Metrics m;
  auto& a = m.Counter("x_total", "x", {{"k", "v"}});
  auto& b = m.Counter("x_total", "ignored", {{"k", "v"}});
  auto& other = m.Counter("x_total", "x", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(RenderLabels({{"path", "a\"b\\c\nd"}}), "path=\"a\\\"b\\\\c\\nd\"");
}

TEST(MetricsTest, GaugeAndCallbackGauge) {
  Metrics m;
  auto& g = m.Gauge("leados_connections", "Open connections.");
  g.Add(3);
  g.Sub(1);
  int depth = 7;
  m.GaugeCallback("leados_queue_depth", "Items waiting.", {{"queue", "ingest"}},
                  [&depth] { return static_cast<double>(depth); });
  depth = 9;
  const std::string text = m.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE leados_connections gauge\nleados_connections 2\n"));
  EXPECT_THAT(text, HasSubstr("leados_queue_depth{queue=\"ingest\"} 9\n"));
  m.RemoveGaugeCallback("leados_queue_depth", {{"queue", "ingest"}});
  EXPECT_EQ(m.Render().find("leados_queue_depth"), std::string::npos);
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Metrics m;
  auto& h = m.Histogram("leados_stage_seconds", "Stage time.", {{"stage", "match"}}, {0.1, 1});
  h.Observe(0.05);
  h.Observe(0.1);  // le is inclusive
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(m.Render(),
            "# HELP leados_stage_seconds Stage time.\n"
            "# TYPE leados_stage_seconds histogram\n"
            "leados_stage_seconds_bucket{stage=\"match\",le=\"0.1\"} 2\n"
            "leados_stage_seconds_bucket{stage=\"match\",le=\"1\"} 3\n"
            "leados_stage_seconds_bucket{stage=\"match\",le=\"+Inf\"} 4\n"
            "leados_stage_seconds_sum{stage=\"match\"} 7.65\n"
            "leados_stage_seconds_count{stage=\"match\"} 4\n");
}

TEST(MetricsTest, FamiliesShareSeriesWithTheLabelApi) {
  Metrics m;
  auto& fam = m.CounterFamily("req_total", "r", {"route", "status"});
  fam.With({"/a", "200"}).Inc();
  fam.With({"/a", "200"}).Inc();
  EXPECT_EQ(m.Counter("req_total", "r", {{"route", "/a"}, {"status", "200"}}).Value(), 2u);
  auto& hf = m.HistogramFamily("lat_seconds", "l", {"route"}, {1});
  hf.With({"/a"}).Observe(2);
  EXPECT_THAT(m.Render(), HasSubstr("lat_seconds_bucket{route=\"/a\",le=\"+Inf\"} 1\n"));
}

TEST(MetricsTest, HelpTextIsEscaped) {
  Metrics m;
  m.Counter("h_total", "line\\one\ntwo").Inc();
  EXPECT_THAT(m.Render(), HasSubstr("# HELP h_total line\\\\one\\ntwo\n"));
}

TEST(MetricsTest, ConcurrentIncrementsAreNotLost) {
  Metrics m;
  auto& fam = m.CounterFamily("c_total", "c", {"worker"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&fam, t] {
      for (int i = 0; i < 10000; ++i) fam.With({t % 2 == 0 ? "even" : "odd"}).Inc();
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(m.Counter("c_total", "c", {{"worker", "even"}}).Value(), 20000u);
  EXPECT_EQ(m.Counter("c_total", "c", {{"worker", "odd"}}).Value(), 20000u);
}

TEST(MetricsDeathTest, TypeMismatchAborts) {
  Metrics m;
  m.Counter("dual", "d");
  EXPECT_DEATH(m.Gauge("dual", "d"), "metric 'dual' is a counter, not a gauge");
}

}  // namespace
}  // namespace leados::core
