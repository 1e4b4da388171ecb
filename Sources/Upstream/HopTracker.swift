import Synchronization

/// Remembers which URL a call was at, so an error thrown mid-redirect names the host that
/// actually failed rather than the first one.
final class HopTracker: Sendable {
    private let state: Mutex<UpstreamURL>

    init(_ first: UpstreamURL) {
        state = Mutex(first)
    }

    var current: UpstreamURL {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
