import HangarCore

/// Where a pull stands, summed over its layers. Ollama reports each layer on its own
/// (`digest`, `total`, `completed`), several times; the sum is what a person wants to see.
public struct PullProgress: Sendable, Hashable {
    public enum Phase: String, Sendable {
        case manifest, downloading, verifying, writing, cleaning, success
    }

    public var phase: Phase
    /// Ollama's last status line, such as `pulling 6a0746a1ec1a`.
    public var status: String
    public var bytesDone: Int64
    public var bytesTotal: Int64
    public var layers: Int

    public var percent: Double? {
        bytesTotal > 0 ? min(100, Double(bytesDone) / Double(bytesTotal) * 100) : nil
    }
}

/// Folds pull lines into one `PullProgress`.
public struct PullAggregator: Sendable {
    private var layers: [String: (total: Int64, completed: Int64)] = [:]
    private var order: [String] = []
    public private(set) var progress = PullProgress(phase: .manifest, status: "pulling manifest", bytesDone: 0, bytesTotal: 0, layers: 0)

    public init() {}

    /// Takes one line; returns Ollama's error text when the line is `{"error": …}`.
    mutating func take(_ line: OllamaWire.ProgressLine) -> String? {
        if let error = line.error { return error.isEmpty ? "unknown error" : error }
        let status = line.status ?? progress.status
        progress.status = OllamaFailure.clean(status)
        if let digest = line.digest, !digest.isEmpty {
            if layers[digest] == nil { order.append(digest) }
            let old = layers[digest] ?? (0, 0)
            // Counts never go backwards within a layer: a retried chunk must not make the bar jump back.
            let total = max(old.total, max(0, line.total ?? 0))
            let completed = min(total, max(old.completed, max(0, line.completed ?? 0)))
            layers[digest] = (total, completed)
            progress.phase = .downloading
        } else {
            progress.phase = Self.phase(of: status) ?? progress.phase
        }
        progress.bytesTotal = layers.values.reduce(0) { $0 + $1.total }
        progress.bytesDone = layers.values.reduce(0) { $0 + $1.completed }
        progress.layers = order.count
        return nil
    }

    static func phase(of status: String) -> PullProgress.Phase? {
        let lower = status.lowercased()
        if lower == "success" { return .success }
        if lower.hasPrefix("pulling manifest") { return .manifest }
        if lower.hasPrefix("verifying") { return .verifying }
        if lower.hasPrefix("writing") { return .writing }
        if lower.hasPrefix("removing") { return .cleaning }
        if lower.hasPrefix("pulling") || lower.hasPrefix("downloading") { return .downloading }
        return nil
    }
}

/// A pull that Ollama ended with an in-band `{"error": …}` line, or a stream that stopped
/// before `success`.
public struct OllamaPullError: Error, Sendable, Hashable {
    public var code: ErrorCode
    public var message: String
}
