import CoreMetrics

/// Hangar's own metrics on `/metrics`, beside Hummingbird's request metrics. Listed in one
/// place (the README's table follows it) and created at start, so a scrape shows every
/// series, at 0, before anything happened.
enum HangarMetrics {
    static let connectionsOpen = Meter(label: "hangar_connections_open")
    static let headerTimeouts = Counter(label: "hangar_connections_timed_out_total", dimensions: [("reason", "header")])
    static let idleTimeouts = Counter(label: "hangar_connections_timed_out_total", dimensions: [("reason", "idle")])
    static let eventStreamsOpen = Meter(label: "hangar_event_streams_open")
    static let signInFailures = Counter(label: "hangar_sign_in_failures_total")
    static let signInsThrottled = Counter(label: "hangar_sign_in_throttled_total")
    static let crossSiteRefused = Counter(label: "hangar_cross_site_refused_total")

    static func register() {
        // Adding 0, not setting 0: tests build many applications in one process.
        connectionsOpen.increment(by: 0)
        eventStreamsOpen.increment(by: 0)
        for counter in [headerTimeouts, idleTimeouts, signInFailures, signInsThrottled, crossSiteRefused] { counter.increment(by: 0) }
    }
}
