/// What every upstream fake offers: its server, its requests, and the switch of its mode.
public protocol FakeUpstream: Sendable {
    var server: FakeHTTPServer { get }
    var modeSwitch: FakeModeSwitch { get }
}

extension FakeUpstream {
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { server.baseURL }
    /// The same server under another host name, for checks that depend on the origin changing.
    public var localhostURL: String { server.localhostURL }
    public var requests: [RecordedRequest] { server.requests }

    /// The mode of every request without a queued or per-path mode.
    public var mode: FakeUpstreamMode {
        get { modeSwitch.mode }
        nonmutating set { modeSwitch.mode = newValue }
    }

    /// Overrides the mode for one path (`nil` removes the override).
    public func setMode(_ mode: FakeUpstreamMode?, forPath path: String) {
        modeSwitch.set(mode, forPath: path)
    }

    /// The next requests, whatever their path, get these modes in turn; then the usual ones.
    public func queueModes(_ modes: FakeUpstreamMode...) {
        modeSwitch.queue(modes)
    }
}
