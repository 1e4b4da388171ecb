import HangarCore
import ServiceLifecycle

/// A service that starts only once its gate opens. ServiceLifecycle starts every service at
/// once, and some need the prepared database (migrated, seeded, audited) that the
/// application's `beforeServerStarts` work makes.
struct GatedService: Service {
    let gate: Latch
    let inner: any Service

    func run() async throws {
        // Ends at once when the app stops before the gate opens.
        let opened = await cancelWhenGracefulShutdown { await gate.wait() }
        guard opened else { return }
        try await inner.run()
    }
}

extension Latch {
    /// `service`, started only once this latch opens.
    func guarding(_ service: any Service) -> any Service { GatedService(gate: self, inner: service) }
}
