import Logging
import Synchronization

/// Every line written through its loggers, as text with its metadata and error: for checks of
/// what a log says, and of what it must never say (keys, tokens).
public final class LogCapture: Sendable {
    private let captured = Mutex<[String]>([])

    public init() {}

    public var lines: [String] { captured.withLock { $0 } }

    /// A logger at `trace` that writes here.
    public func logger(label: String = "hangar-test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// A handler for one logger. Handlers are values (loggers on many threads set their own
    /// metadata); only the captured lines are shared.
    public struct Handler: LogHandler {
        let capture: LogCapture
        public var metadata: Logger.Metadata = [:]
        public var logLevel: Logger.Level = .trace

        public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        public func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = merged.map { "\($0)=\($1)" }.sorted().joined(separator: " ")
            let line = "\(event.level) \(event.message) \(fields)\(event.error.map { " \($0)" } ?? "")"
            capture.captured.withLock { $0.append(line) }
        }
    }
}
