import CoreMetrics
import Prometheus
import Synchronization

/// The Prometheus registry behind `/metrics`. `MetricsSystem` can be bootstrapped only once
/// per process, so every application built in a process (tests build many) shares it.
public enum MetricsRegistry {
    public static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The Prometheus text exposition of every metric.
    public static func exposition() -> String {
        var buffer: [UInt8] = []
        shared.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
